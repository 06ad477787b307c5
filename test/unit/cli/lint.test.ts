import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCommand } from '../../../src/cli/lint.js';
import { captureIo } from './io.js';

const fx = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('fledge lint', () => {
  it('exits 0 on clean files, with a summary and notes on stderr', async () => {
    const io = captureIo();
    expect(await lintCommand([fx('good.yaml')], io)).toBe(0);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toContain('note: ');
    expect(io.stderr()).toContain('ok: 3 Fledge resources in 1 file');
  });

  it('exits 1 with one line per problem on stdout', async () => {
    const io = captureIo();
    expect(await lintCommand([fx('bad.yaml')], io)).toBe(1);
    const out = io.stdout().trim().split('\n');
    expect(out).toHaveLength(4);
    expect(out[0]).toBe(
      `${fx('bad.yaml')}:1: Canary shop/web: spec.analysis.stepWeight: must be an integer between 1 and 100`,
    );
    expect(io.stderr()).toContain('4 problems found');
  });

  it('exits 1 for a file that cannot be read', async () => {
    const io = captureIo();
    expect(await lintCommand([fx('missing.yaml'), fx('good.yaml')], io)).toBe(1);
    expect(io.stdout()).toBe(`${fx('missing.yaml')}: file: cannot read: no such file\n`);
  });

  it('is quiet with -q', async () => {
    const io = captureIo();
    expect(await lintCommand(['-q', fx('good.yaml')], io)).toBe(0);
    expect(io.stderr()).toBe('');
  });

  it('exits 2 without files, pointing at --help', async () => {
    const io = captureIo();
    expect(await lintCommand([], io)).toBe(2);
    expect(io.stderr()).toBe(
      'fledge lint: lint needs at least one file\nRun "fledge lint --help" for usage.\n',
    );
  });

  it('prints its help', async () => {
    const io = captureIo();
    expect(await lintCommand(['--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^Usage: fledge lint FILE/);
  });
});
