import type { CompileContext, Node, Scope } from './types.js';

/**
 * `var`: a dotted path into the data (`user.plan`, `\.` escapes a dot), with
 * an optional default used when the value is missing or null. At the root,
 * `$flagd.flagKey` is a constant of the flag and `$flagd.timestamp` the
 * current unix second, so the context never has to be copied to add them.
 */
export function compileVar(args: unknown, cx: CompileContext, atRoot: boolean): Node {
  const list = Array.isArray(args) ? args : [args];
  const key: unknown = list[0];
  const fallback = list.length > 1 ? cx.compile(list[1]) : null;
  if (key !== null && typeof key === 'object') {
    const keyNode = cx.compile(key);
    // A computed key is used by its string form, as JsonLogic engines do.
    return (data, scope) => lookup(data, splitPath(text(keyNode(data, scope))), fallback, scope);
  }
  if (key === undefined || key === null || key === '') {
    return atRoot ? (_data, scope) => withFlagd(scope, cx.flagKey) : (data) => data;
  }
  const path = splitPath(text(key));
  if (atRoot && path[0] === '$flagd') return compileFlagdVar(path, cx.flagKey, fallback);
  if (path.length === 1) {
    const k = path[0] as string;
    if (fallback === null) {
      return (data) => {
        if (data === null || data === undefined) return null;
        const v = (data as Record<string, unknown>)[k];
        return v === undefined || v === null || typeof v === 'function' ? null : v;
      };
    }
  }
  return (data, scope) => lookup(data, path, fallback, scope);
}

/** The string form of a key, as JsonLogic engines use it (`1` → "1"). */
function text(v: unknown): string {
  return String(v);
}

function lookup(data: unknown, path: string[], fallback: Node | null, scope: Scope): unknown {
  let cur = data;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || cur === undefined) break;
    cur = (cur as Record<string, unknown>)[path[i] as string];
  }
  if (cur === undefined || cur === null) cur = fallback === null ? null : fallback(data, scope);
  return typeof cur === 'function' ? null : cur;
}

function compileFlagdVar(path: string[], flagKey: string, fallback: Node | null): Node {
  const orDefault = (v: unknown): Node => (fallback === null ? () => v : (d, s) => v ?? fallback(d, s));
  if (path.length === 1) return (_d, s) => withFlagd(s, flagKey).$flagd;
  if (path.length === 2 && path[1] === 'flagKey') return orDefault(flagKey);
  if (path.length === 2 && path[1] === 'timestamp') return () => Math.floor(Date.now() / 1000);
  return fallback === null ? () => null : fallback;
}

/** The root data as flagd sees it: the caller's context plus `$flagd`. Only built when a rule asks for the whole root. */
function withFlagd(scope: Scope, flagKey: string): Record<string, unknown> & { $flagd: unknown } {
  return { ...scope.ctx, $flagd: { flagKey, timestamp: Math.floor(Date.now() / 1000) } };
}

/** Splits `a.b\.c` into `['a', 'b.c']`, as JsonLogic engines do. */
export function splitPath(path: string): string[] {
  if (!path.includes('\\')) return path.split('.');
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\' && (path[i + 1] === '.' || path[i + 1] === '\\')) {
      current += path[++i];
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
