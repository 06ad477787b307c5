import type { Node, OperatorCompiler } from '../jsonlogic/types.js';

/** A parsed semantic version (build metadata is dropped: it never affects ordering). */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
}

const STRICT =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Parses a version as flagd does: one leading v/V is dropped, strict SemVer
 * 2.0 is accepted, and a bare "1" or "1.2" means 1.0.0 / 1.2.0. Anything else
 * (e.g. "2.0.0.0") is not a version.
 */
export function parseSemVer(raw: unknown): SemVer | null {
  const str = String(raw).replace(/^[vV]/, '').trim();
  const m = STRICT.exec(str);
  if (m) {
    const nums = [m[1], m[2], m[3]].map(Number);
    if (nums.some((n) => n > Number.MAX_SAFE_INTEGER)) return null;
    const pre = m[4] === undefined ? [] : m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id));
    return { major: nums[0] as number, minor: nums[1] as number, patch: nums[2] as number, prerelease: pre };
  }
  const short = /^(\d+)(?:\.(\d+))?$/.exec(str);
  if (!short) return null;
  return { major: Number(short[1]), minor: Number(short[2] ?? 0), patch: 0, prerelease: [] };
}

/** SemVer 2.0 precedence: -1, 0 or 1. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  const pa = a.prerelease;
  const pb = b.prerelease;
  if (pa.length === 0 || pb.length === 0) return pa.length === pb.length ? 0 : pa.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type SemVerTest = (a: SemVer, b: SemVer) => boolean;

const TESTS: Record<string, SemVerTest> = {
  '=': (a, b) => compareSemVer(a, b) === 0,
  '!=': (a, b) => compareSemVer(a, b) !== 0,
  '<': (a, b) => compareSemVer(a, b) < 0,
  '<=': (a, b) => compareSemVer(a, b) <= 0,
  '>': (a, b) => compareSemVer(a, b) > 0,
  '>=': (a, b) => compareSemVer(a, b) >= 0,
  '^': (a, b) => a.major === b.major,
  '~': (a, b) => a.major === b.major && a.minor === b.minor,
};

/** The pure core: null when either side is not a version or the operator is unknown (flagd treats that as false-ish). */
export function semVerMatch(left: unknown, op: unknown, right: unknown): boolean | null {
  const test = TESTS[String(op)];
  const a = parseSemVer(left);
  const b = parseSemVer(right);
  if (!a || !b || !test) return null;
  return test(a, b);
}

/** `sem_ver`: [version, operator, version]. A literal right-hand version is parsed once. */
export const compileSemVer: OperatorCompiler = (args, cx): Node => {
  const list = Array.isArray(args) ? args : [args];
  if (list.length !== 3) return () => null;
  const [l, o, r] = list.map((a) => cx.compile(a)) as [Node, Node, Node];
  const literal =
    list[1] !== null && typeof list[1] !== 'object' && (list[2] === null || typeof list[2] !== 'object');
  if (literal) {
    const test = TESTS[String(list[1])];
    const b = parseSemVer(list[2]);
    if (!test || !b) return () => null;
    return (d, s) => {
      const a = parseSemVer(l(d, s));
      return a ? test(a, b) : null;
    };
  }
  return (d, s) => semVerMatch(l(d, s), o(d, s), r(d, s));
};
