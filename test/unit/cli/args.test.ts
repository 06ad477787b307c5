import { describe, expect, it } from 'vitest';
import { CLUSTER_OPTIONS, canaryName, clusterArgs, outputFormat, parse } from '../../../src/cli/args.js';
import { UsageError } from '../../../src/cli/errors.js';

describe('parse', () => {
  it.each([
    [['-n', 'shop', 'web'], { namespace: 'shop' }, ['web']],
    [['--namespace=shop'], { namespace: 'shop' }, []],
    [['-A'], { 'all-namespaces': true }, []],
    [
      ['--kubeconfig', '/k', '--context', 'prod', 'canary', 'web'],
      { kubeconfig: '/k', context: 'prod' },
      ['canary', 'web'],
    ],
  ])('%j', (args, values, positionals) => {
    const parsed = parse(args, CLUSTER_OPTIONS);
    expect(parsed.values).toMatchObject(values);
    expect(parsed.positionals).toEqual(positionals);
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['-n'], /argument missing/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parse(args, CLUSTER_OPTIONS)).toThrow(UsageError);
    expect(() => parse(args, CLUSTER_OPTIONS)).toThrow(message);
  });

  it('drops parseArgs hint about "--"', () => {
    expect(() => parse(['--nope'], CLUSTER_OPTIONS)).not.toThrow(/positional argument/);
  });
});

describe('clusterArgs', () => {
  it('reads the connection options', () => {
    expect(clusterArgs({ namespace: 'a', kubeconfig: '/k', context: 'c' })).toEqual({
      namespace: 'a',
      allNamespaces: false,
      kubeconfig: '/k',
      context: 'c',
    });
  });
  it('refuses -n with -A', () => {
    expect(() => clusterArgs({ namespace: 'a', 'all-namespaces': true })).toThrow(/cannot be used together/);
  });
});

describe('canaryName', () => {
  it.each([
    [['canary', 'web'], 'web'],
    [['cnry', 'web'], 'web'],
    [['web'], 'web'],
    [['canary'], 'canary'],
    [['canary', 'canary'], 'canary'],
  ])('%j → %s', (positionals, name) => {
    expect(canaryName(positionals, 'promote')).toBe(name);
  });
  it.each([[[]], [['a', 'b']], [['canary', 'a', 'b']]])('%j is a usage error', (positionals) => {
    expect(() => canaryName(positionals, 'promote')).toThrow('promote needs one canary name');
  });
});

describe('outputFormat', () => {
  it('accepts the allowed formats and nothing else', () => {
    expect(outputFormat(undefined, ['json'])).toBeUndefined();
    expect(outputFormat('json', ['json', 'yaml'])).toBe('json');
    expect(() => outputFormat('wide', ['json', 'yaml'])).toThrow('--output must be one of: json, yaml');
  });
});
