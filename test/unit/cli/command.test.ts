import { describe, expect, it } from 'vitest';
import { command } from '../../../src/cli/command.js';
import { CliError, UsageError } from '../../../src/cli/errors.js';
import { errorFromBody } from '../../../src/kube/rest.js';
import { captureIo } from './io.js';

describe('command', () => {
  it('prints the usage for --help and -h without running', async () => {
    let ran = false;
    const cmd = command('x', 'Usage: fledge x\n\n', () => {
      ran = true;
      return Promise.resolve(0);
    });
    for (const flag of ['--help', '-h']) {
      const io = captureIo();
      expect(await cmd(['a', flag], io)).toBe(0);
      expect(io.stdout()).toBe('Usage: fledge x\n');
    }
    expect(ran).toBe(false);
  });

  it.each([
    [new UsageError('bad'), 2, 'fledge x y: bad\nRun "fledge x y --help" for usage.\n'],
    [new CliError('no kubeconfig found', 5), 5, 'fledge x y: no kubeconfig found\n'],
    [
      errorFromBody('Canary a/b', 404, JSON.stringify({ reason: 'NotFound', details: { name: 'b' } })),
      3,
      'fledge x y: Canary a/b not found\n',
    ],
    [new TypeError('boom'), 1, 'fledge x y: boom\n'],
  ])('turns %s into one line and an exit code', async (err, code, stderr) => {
    const io = captureIo();
    expect(await command('x y', '', () => Promise.reject(err))([], io)).toBe(code);
    expect(io.stderr()).toBe(stderr);
    expect(io.stdout()).toBe('');
  });
});
