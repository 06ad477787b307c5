/**
 * docs/gitops.md: the Argo CD health checks on the page, run as they are in a
 * Lua VM (fengari; Argo CD runs gopher-lua, and the scripts keep to what both
 * share) against Canary and FeatureFlag objects in each state; the YAML
 * snippets parse.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Fengari {
  lua: {
    LUA_OK: number;
    lua_pcall: (L: unknown, nargs: number, nresults: number, errfunc: number) => number;
    lua_tojsstring: (L: unknown, idx: number) => string;
  };
  lauxlib: { luaL_newstate: () => unknown; luaL_loadstring: (L: unknown, code: Uint8Array) => number };
  lualib: { luaL_openlibs: (L: unknown) => void };
  to_luastring: (s: string) => Uint8Array;
}
const fengari = createRequire(import.meta.url)('fengari') as Fengari;

const page = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'gitops.md'), 'utf8');
const scripts = new Map(
  [...page.matchAll(/```lua\n(-- resource\.customizations\.health\.fledge\.dev_(\w+)\n[\s\S]*?)```/g)].map(
    (m) => [m[2]!, m[1]!],
  ),
);

/** A JSON value as a Lua table constructor (nulls dropped, arrays 1-based). */
function luaLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{ ${v.map(luaLiteral).join(', ')} }`;
  const fields = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== null && x !== undefined)
    .map(([k, x]) => `[${JSON.stringify(k)}] = ${luaLiteral(x)}`);
  return `{ ${fields.join(', ')} }`;
}

/** Runs the page's health script for `kind` on `obj` the way Argo CD does: `obj` global, script returns hs. */
function health(kind: string, obj: object): { status: string; message: string } {
  const script = scripts.get(kind);
  if (!script) throw new Error(`docs/gitops.md has no health check for ${kind}`);
  const code = `obj = ${luaLiteral(obj)}\nlocal function check()\n${script}\nend\nlocal hs = check()\nreturn hs.status, hs.message`;
  const { lua, lauxlib, lualib, to_luastring } = fengari;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  if (lauxlib.luaL_loadstring(L, to_luastring(code)) !== lua.LUA_OK)
    throw new Error(lua.lua_tojsstring(L, -1));
  if (lua.lua_pcall(L, 0, 2, 0) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
  return { status: lua.lua_tojsstring(L, -2), message: lua.lua_tojsstring(L, -1) };
}

const ready = (status: string, reason = 'Reconciled', message = `${reason} message`) => ({
  type: 'Ready',
  status,
  reason,
  message,
});
const canary = (status?: object, spec: object = {}) => ({
  apiVersion: 'fledge.dev/v1alpha1',
  kind: 'Canary',
  metadata: { name: 'checkout', namespace: 'shop', generation: 3 },
  spec: { targetRef: { name: 'checkout' }, ...spec },
  ...(status ? { status: { observedGeneration: 3, ...status } } : {}),
});
const flag = (status?: object) => ({
  apiVersion: 'fledge.dev/v1alpha1',
  kind: 'FeatureFlag',
  metadata: { name: 'new-checkout', namespace: 'shop', generation: 2 },
  spec: { variants: { on: true, off: false }, defaultVariant: 'off' },
  ...(status ? { status: { observedGeneration: 2, ...status } } : {}),
});

describe('docs/gitops.md Argo CD health check for Canary', () => {
  it.each([
    ['no status yet', canary(), 'Progressing'],
    ['a spec Fledge has not observed', canary({ observedGeneration: 2, phase: 'Succeeded' }), 'Progressing'],
    ['Initialized', canary({ phase: 'Initialized', conditions: [ready('True')] }), 'Healthy'],
    ['Succeeded', canary({ phase: 'Succeeded', conditions: [ready('True')] }), 'Healthy'],
    [
      'Progressing',
      canary({ phase: 'Progressing', canaryWeight: 30, conditions: [ready('True')] }),
      'Progressing',
    ],
    ['Promoting', canary({ phase: 'Promoting', conditions: [ready('True')] }), 'Progressing'],
    ['Finalising', canary({ phase: 'Finalising' }), 'Progressing'],
    ['Waiting at a gate', canary({ phase: 'Waiting', conditions: [ready('True')] }), 'Suspended'],
    ['WaitingPromotion', canary({ phase: 'WaitingPromotion' }), 'Suspended'],
    ['suspended mid-rollout', canary({ phase: 'Progressing' }, { suspend: true }), 'Suspended'],
    ['rolled back', canary({ phase: 'Failed', conditions: [ready('True')] }), 'Degraded'],
    [
      'a missing target',
      canary({ phase: 'Initializing', conditions: [ready('False', 'DeploymentNotFound', 'no checkout')] }),
      'Degraded',
    ],
  ])('%s → %s', (_, obj, want) => {
    expect(health('Canary', obj).status).toBe(want);
  });

  it('says the weight while progressing and why a rollback happened', () => {
    expect(health('Canary', canary({ phase: 'Progressing', canaryWeight: 30 })).message).toMatch(/30%/);
    const failed = canary({ phase: 'Failed', conditions: [ready('True', 'Reconciled', 'error-rate 7 > 1')] });
    expect(health('Canary', failed).message).toMatch(/Rolled back: error-rate 7 > 1/);
  });
});

describe('docs/gitops.md Argo CD health check for FeatureFlag', () => {
  it.each([
    ['no status yet', flag(), 'Progressing'],
    [
      'a spec Fledge has not observed',
      flag({ observedGeneration: 1, conditions: [ready('True')] }),
      'Progressing',
    ],
    ['published', flag({ conditions: [ready('True', 'Published')] }), 'Healthy'],
    [
      'published and stale',
      flag({ conditions: [ready('True'), { type: 'Stale', status: 'True' }] }),
      'Healthy',
    ],
    [
      'invalid',
      flag({ conditions: [ready('False', 'Invalid', 'spec.defaultVariant: not a variant')] }),
      'Degraded',
    ],
  ])('%s → %s', (_, obj, want) => {
    expect(health('FeatureFlag', obj).status).toBe(want);
  });

  it("carries Fledge's message for an invalid flag", () => {
    const obj = flag({ conditions: [ready('False', 'Invalid', 'spec.defaultVariant: not a variant')] });
    expect(health('FeatureFlag', obj).message).toBe('spec.defaultVariant: not a variant');
  });
});

describe('docs/gitops.md YAML snippets', () => {
  it('all parse', () => {
    const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) {
      expect(() => {
        parse(b.replace(/^\s*\.\.\.\s*$/gm, ''));
      }).not.toThrow();
    }
  });
});
