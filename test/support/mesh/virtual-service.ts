import { z } from 'zod';

/**
 * The parts of an Istio VirtualService (networking.istio.io/v1) the simulator
 * routes by. The apiserver has already validated the object against Istio's
 * CRD schema; this only types it, so unknown fields are dropped, not rejected.
 */
const StringMatch = z.object({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  regex: z.string().optional(),
});
export type StringMatch = z.infer<typeof StringMatch>;

const HttpMatch = z.object({
  name: z.string().optional(),
  uri: StringMatch.optional(),
  scheme: StringMatch.optional(),
  method: StringMatch.optional(),
  authority: StringMatch.optional(),
  headers: z.record(z.string(), StringMatch).optional(),
  withoutHeaders: z.record(z.string(), StringMatch).optional(),
  queryParams: z.record(z.string(), StringMatch).optional(),
  ignoreUriCase: z.boolean().optional(),
  port: z.number().optional(),
  sourceLabels: z.record(z.string(), z.string()).optional(),
  sourceNamespace: z.string().optional(),
});
export type HttpMatch = z.infer<typeof HttpMatch>;

const Destination = z.object({
  host: z.string(),
  subset: z.string().optional(),
  port: z.object({ number: z.number().optional() }).optional(),
});
export type Destination = z.infer<typeof Destination>;

const Percent = z.object({ value: z.number().optional() });

const HttpRoute = z.object({
  name: z.string().optional(),
  match: z.array(HttpMatch).optional(),
  route: z.array(z.object({ destination: Destination, weight: z.number().optional() })).optional(),
  mirror: Destination.optional(),
  mirrorPercentage: Percent.optional(),
  /** Deprecated integer form of mirrorPercentage, still accepted by Istio. */
  mirrorPercent: z.number().optional(),
  mirrors: z.array(z.object({ destination: Destination, percentage: Percent.optional() })).optional(),
  redirect: z.unknown().optional(),
  directResponse: z.object({ status: z.number() }).optional(),
});
export type HttpRoute = z.infer<typeof HttpRoute>;

const VirtualServiceSpec = z.object({
  hosts: z.array(z.string()).optional(),
  http: z.array(HttpRoute).optional(),
});

export interface VirtualService {
  namespace: string;
  name: string;
  hosts: string[];
  http: HttpRoute[];
}

/** Types a VirtualService object from the API; a message instead when its spec has an unexpected shape. */
export function parseVirtualService(obj: {
  metadata?: { namespace?: string; name?: string };
  spec?: unknown;
}): VirtualService | { error: string } {
  const parsed = VirtualServiceSpec.safeParse(obj.spec ?? {});
  if (!parsed.success) {
    return { error: parsed.error.issues.map((i) => `spec.${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return {
    namespace: obj.metadata?.namespace ?? 'default',
    name: obj.metadata?.name ?? '',
    hosts: parsed.data.hosts ?? [],
    http: parsed.data.http ?? [],
  };
}
