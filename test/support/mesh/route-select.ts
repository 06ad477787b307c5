import type { Rng } from './prng.js';
import type { Destination, HttpMatch, HttpRoute, StringMatch } from './virtual-service.js';

/** One simulated request as a sidecar's router sees it. */
export interface SimRequest {
  method: string;
  /** Path with an optional query string. */
  path: string;
  authority: string;
  scheme: string;
  port: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  sourceNamespace: string;
  sourceLabels: Readonly<Record<string, string>>;
}

const regexCache = new Map<string, RegExp | null>();

/** Envoy's safe_regex must match the whole value (RE2 full match), not a substring. */
function fullRegex(source: string, ignoreCase: boolean): RegExp | null {
  const key = `${ignoreCase ? 'i' : '-'}${source}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${source})$`, ignoreCase ? 'i' : '');
    } catch {
      // Istio's webhook would have refused it; here the condition just never matches.
      re = null;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/**
 * A missing value never matches, except that an empty StringMatch (`{}`) on a
 * header means "the header is present", as in Istio.
 */
export function matchString(m: StringMatch, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (m.exact !== undefined) return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (m.prefix !== undefined) return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (m.regex !== undefined) return fullRegex(m.regex, ignoreCase)?.test(value) ?? false;
  return true;
}

function splitPath(path: string): { uri: string; query: URLSearchParams } {
  const i = path.indexOf('?');
  // Envoy matches the path with the query string removed.
  return i < 0
    ? { uri: path, query: new URLSearchParams() }
    : { uri: path.slice(0, i), query: new URLSearchParams(path.slice(i + 1)) };
}

/** All conditions of one match block must hold (AND). */
export function matchRequest(match: HttpMatch, req: SimRequest): boolean {
  const { uri, query } = splitPath(req.path);
  if (match.uri && !matchString(match.uri, uri, match.ignoreUriCase === true)) return false;
  if (match.method && !matchString(match.method, req.method)) return false;
  if (match.scheme && !matchString(match.scheme, req.scheme)) return false;
  if (match.authority && !matchString(match.authority, req.authority)) return false;
  if (match.port !== undefined && match.port !== req.port) return false;
  if (match.sourceNamespace !== undefined && match.sourceNamespace !== req.sourceNamespace) return false;
  for (const [k, v] of Object.entries(match.sourceLabels ?? {})) {
    if (req.sourceLabels[k] !== v) return false;
  }
  for (const [name, m] of Object.entries(match.headers ?? {})) {
    if (!matchString(m, req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, m] of Object.entries(match.withoutHeaders ?? {})) {
    if (matchString(m, req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, m] of Object.entries(match.queryParams ?? {})) {
    const v = query.get(name);
    if (!matchString(m, v ?? undefined)) return false;
  }
  return true;
}

/**
 * The first route whose match list has a block that matches (OR across
 * blocks); a route without `match` catches everything. Undefined is Envoy's
 * "no route" (404 NR).
 */
export function selectRoute(routes: readonly HttpRoute[], req: SimRequest): number | undefined {
  for (const [i, route] of routes.entries()) {
    if (!route.match || route.match.length === 0) return i;
    if (route.match.some((m) => matchRequest(m, req))) return i;
  }
  return undefined;
}

/**
 * Weights are relative (Istio ≥ 1.13); a lone destination takes everything
 * whatever its weight; with several, a missing weight is 0. Undefined when
 * nothing can be chosen.
 */
export function pickDestination(route: HttpRoute, rng: Rng): Destination | undefined {
  const dests = route.route ?? [];
  if (dests.length === 0) return undefined;
  if (dests.length === 1) return dests[0]?.destination;
  const total = dests.reduce((s, d) => s + Math.max(0, d.weight ?? 0), 0);
  if (total <= 0) return undefined;
  let u = rng.next() * total;
  for (const d of dests) {
    const w = Math.max(0, d.weight ?? 0);
    if (u < w) return d.destination;
    u -= w;
  }
  return dests.findLast((d) => (d.weight ?? 0) > 0)?.destination;
}

export interface MirrorTarget {
  destination: Destination;
  /** 0..100. */
  percent: number;
}

/** `mirror` without a percentage mirrors everything, as in Istio. */
export function mirrorsOf(route: HttpRoute): MirrorTarget[] {
  const out: MirrorTarget[] = [];
  if (route.mirror) {
    const percent = route.mirrorPercentage?.value ?? route.mirrorPercent ?? 100;
    out.push({ destination: route.mirror, percent });
  }
  for (const m of route.mirrors ?? []) {
    out.push({ destination: m.destination, percent: m.percentage?.value ?? 100 });
  }
  return out;
}

/** The mirrored copies one request produces. */
export function drawMirrors(route: HttpRoute, rng: Rng): Destination[] {
  return mirrorsOf(route)
    .filter((m) => m.percent > 0 && rng.next() * 100 < m.percent)
    .map((m) => m.destination);
}
