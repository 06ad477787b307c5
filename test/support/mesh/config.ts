import { z } from 'zod';
import { ValidationError } from '../../../src/api/errors.js';

/** Per VirtualService; one core of a shared 2-core machine must keep up. */
export const MAX_RPS = 2000;
/** Across all VirtualServices. */
export const MAX_TOTAL_RPS = 4000;

export const DEFAULT_LATENCY = { p50: 10, p99: 50 } as const;

const share = z.number().min(0).max(1);
const headerValues = z
  .record(z.string().min(1), z.string())
  .transform((v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), x])));

function sharesAtMostOne(groups: Array<{ share: number }>): boolean {
  return groups.reduce((s, g) => s + g.share, 0) <= 1 + 1e-9;
}

/**
 * `headers`, `cookies` and `paths` are each a list of mutually exclusive groups:
 * a request carries at most one group of each list, a group with share 0.3 is
 * on 30 % of requests, and the rest carry none (or `path`).
 */
export const TrafficSpec = z
  .object({
    rps: z
      .number()
      .min(0)
      .max(MAX_RPS, { message: `must be at most ${MAX_RPS} (the per-VirtualService cap)` }),
    method: z.string().min(1).default('GET'),
    path: z.string().startsWith('/').default('/'),
    paths: z
      .array(z.object({ share, path: z.string().startsWith('/') }).strict())
      .refine(sharesAtMostOne, 'shares must add up to at most 1')
      .default([]),
    headers: z
      .array(z.object({ share, values: headerValues }).strict())
      .refine(sharesAtMostOne, 'shares must add up to at most 1')
      .default([]),
    cookies: z
      .array(z.object({ share, values: z.record(z.string().min(1), z.string()) }).strict())
      .refine(sharesAtMostOne, 'shares must add up to at most 1')
      .default([]),
  })
  .strict();
export type TrafficSpec = z.output<typeof TrafficSpec>;
export type TrafficInput = z.input<typeof TrafficSpec>;

export const WorkloadSpec = z
  .object({
    errorRate: z.number().min(0).max(1).default(0),
    latencyMs: z
      .object({ p50: z.number().positive(), p99: z.number().positive() })
      .strict()
      .refine((l) => l.p99 >= l.p50, { message: 'p99 must be at least p50', path: ['p99'] })
      .default({ ...DEFAULT_LATENCY }),
  })
  .strict();
export type WorkloadSpec = z.output<typeof WorkloadSpec>;
export type WorkloadInput = z.input<typeof WorkloadSpec>;

/** What a request body configures, for error messages (`traffic shop/checkout: rps: …`). */
export interface Target {
  namespace: string;
  name: string;
}

function parseWith<T extends z.ZodType>(
  schema: T,
  body: unknown,
  kind: string,
  target?: Target,
): z.output<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })),
    { resource: { kind, namespace: target?.namespace, name: target?.name ?? 'request body' } },
  );
}

export function parseTraffic(body: unknown, target?: Target): TrafficSpec {
  return parseWith(TrafficSpec, body, 'traffic', target);
}

export function parseWorkload(body: unknown, target?: Target): WorkloadSpec {
  return parseWith(WorkloadSpec, body, 'workload', target);
}
