import { describe, expect, it } from 'vitest';
import { flagsCommand } from '../../../src/cli/flags.js';
import { captureIo } from './io.js';

describe('fledge flags', () => {
  it('lists its subcommands with --help', async () => {
    const io = captureIo();
    expect(await flagsCommand(['--help'], io)).toBe(0);
    for (const sub of ['list', 'get', 'eval', 'enable', 'disable', 'rollout', 'rearm', 'results'])
      expect(io.stdout()).toContain(`  ${sub}`);
  });

  it('exits 2 without a subcommand or with an unknown one', async () => {
    expect(await flagsCommand([], captureIo())).toBe(2);
    const io = captureIo();
    expect(await flagsCommand(['frob'], io)).toBe(2);
    expect(io.stderr()).toContain('unknown subcommand "frob"');
  });

  it('passes --help to a subcommand', async () => {
    const io = captureIo();
    expect(await flagsCommand(['eval', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('--kube-context NAME');
  });

  it('validates arguments before connecting', async () => {
    const io = captureIo();
    expect(await flagsCommand(['rollout', 'x', '150'], io)).toBe(2);
    expect(io.stderr()).toContain('PERCENT must be a whole number from 0 to 100');
  });

  it('evaluates a local file without a cluster', async () => {
    const io = captureIo();
    const file = new URL('./fixtures/flags.json', import.meta.url).pathname;
    expect(
      await flagsCommand(
        ['eval', 'new-checkout', '--file', file, '--context', '{"email":"a@company.com"}'],
        io,
      ),
    ).toBe(0);
    expect(io.stdout()).toContain('value:    true');
  });
});
