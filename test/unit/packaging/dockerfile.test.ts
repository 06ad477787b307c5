/**
 * Static checks of the Dockerfile (there is no Docker engine here to build
 * it): pinned base, production dependencies only at runtime, a non-root
 * numeric user, exec-form entrypoint, no secrets, and a context allow-list
 * that admits exactly what the Dockerfile copies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const text = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped. */
function parse(src: string): Instruction[] {
  const joined = src
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l);
      return { op: (m?.[1] ?? l).toUpperCase(), args: m?.[2] ?? '' };
    });
}

const ins = parse(text);
const stages = (() => {
  const out: Instruction[][] = [];
  for (const i of ins) {
    if (i.op === 'FROM') out.push([]);
    out[out.length - 1]?.push(i);
  }
  return out;
})();
const runtime = stages[stages.length - 1] ?? [];
const args = new Map(
  ins.filter((i) => i.op === 'ARG').map((i) => i.args.split('=') as [string, string | undefined]),
);

describe('Dockerfile', () => {
  it('is multi-stage and every base is an exact Node release on Debian slim, never latest', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const from = stage[0]!.args.split(/\s+/)[0]!;
      const image = from.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
      expect(image).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim(@sha256:[a-f0-9]{64})?$/);
      expect(image).not.toMatch(/latest/);
    }
  });

  it('builds with all dependencies and ships only production ones', () => {
    const runs = (s: Instruction[]) => s.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(stages.some((s) => runs(s).some((r) => /npm ci(?!.*--omit=dev)/.test(r)))).toBe(true);
    expect(stages.some((s) => runs(s).some((r) => /npm run build/.test(r)))).toBe(true);
    expect(stages.some((s) => runs(s).some((r) => /npm ci .*--omit=dev/.test(r)))).toBe(true);
    // The runtime installs nothing itself: it copies node_modules from the
    // --omit=dev stage and the compiled output from the build stage.
    expect(runs(runtime).some((r) => /npm (ci|install)/.test(r))).toBe(false);
    const copies = runtime.filter((i) => i.op === 'COPY').map((i) => i.args);
    const from = (what: string) => copies.find((c) => c.includes(what))?.match(/--from=(\S+)/)?.[1];
    const stageNamed = (name: string | undefined) =>
      stages.find((s) => new RegExp(`\\sAS\\s+${name}$`, 'i').test(s[0]!.args));
    expect(runs(stageNamed(from('node_modules')) ?? []).join(' ')).toMatch(/--omit=dev/);
    expect(runs(stageNamed(from('dist/src')) ?? []).join(' ')).toMatch(/npm run build/);
  });

  it('runs as a numeric non-root user', () => {
    const users = runtime.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1]!.args.trim();
    expect(last).toMatch(/^\d+(:\d+)?$/);
    for (const id of last.split(':')) expect(Number(id)).toBeGreaterThan(0);
  });

  it('starts node directly in exec form, so SIGTERM reaches it', () => {
    const entry = runtime.filter((i) => i.op === 'ENTRYPOINT').at(-1);
    expect(entry).toBeDefined();
    const argv = JSON.parse(entry!.args) as string[];
    expect(argv).toEqual(['node', 'dist/src/cli/main.js']);
    const cmd = runtime.filter((i) => i.op === 'CMD').at(-1);
    expect(JSON.parse(cmd!.args)).toEqual(['run']);
    expect(existsSync(join(root, 'src', 'cli', 'main.ts'))).toBe(true);
  });

  it('bakes in no secrets and fetches nothing remote with ADD', () => {
    const secretish = /(token|secret|passw|api[_-]?key|credential|auth|private)/i;
    for (const i of ins.filter((x) => x.op === 'ENV' || x.op === 'ARG')) {
      const names = i.args.split(/\s+/).map((kv) => kv.split('=')[0]!);
      for (const n of names) expect(n).not.toMatch(secretish);
    }
    expect(ins.some((i) => i.op === 'ADD')).toBe(false);
    expect(text).not.toMatch(/kubeconfig|\.npmrc|\.env\b/i);
  });

  it('copies only paths that exist and that .dockerignore lets into the context', () => {
    const allow = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(allow[0]).toBe('*'); // deny by default
    const allowed = new Set(allow.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, '')));
    const sources = ins
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect(existsSync(join(root, src)), src).toBe(true);
      expect(allowed.has(src.replace(/\/$/, '')), `${src} admitted by .dockerignore`).toBe(true);
    }
  });
});
