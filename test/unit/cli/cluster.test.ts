import { describe, expect, it } from 'vitest';
import { kubeconfigSource } from '../../../src/cli/cluster.js';
import { CliError, EXIT } from '../../../src/cli/errors.js';

const has =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('kubeconfigSource', () => {
  it.each([
    ['--kubeconfig that exists', '/k', {}, has('/k'), '/k'],
    ['$KUBECONFIG (merged by the loader)', undefined, { KUBECONFIG: '/a:/b' }, has('/b'), undefined],
    ['~/.kube/config', undefined, { HOME: '/home/u' }, has('/home/u/.kube/config'), undefined],
  ])('uses %s', (_n, explicit, env, exists, expected) => {
    expect(kubeconfigSource(explicit, env, exists)).toBe(expected);
  });

  it.each([
    ['a missing --kubeconfig', '/k', {}, 'kubeconfig /k does not exist'],
    [
      'a $KUBECONFIG of missing files',
      undefined,
      { KUBECONFIG: '/a' },
      'KUBECONFIG is set to /a, but no such file exists',
    ],
    [
      'nothing at all',
      undefined,
      { HOME: '/home/u' },
      'no kubeconfig found: set KUBECONFIG, pass --kubeconfig PATH, or create ~/.kube/config',
    ],
  ])('explains %s', (_n, explicit, env, message) => {
    let caught: unknown;
    try {
      kubeconfigSource(explicit, env, () => false);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).message).toBe(message);
    expect((caught as CliError).exitCode).toBe(EXIT.unreachable);
  });
});
