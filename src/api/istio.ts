/**
 * The Istio VirtualService pieces a Canary passes through. Typed where the
 * shape is small and stable (matches, retries, headers) so mistakes are caught
 * at apply time; policies Istio keeps evolving stay free-form.
 */
import { z } from 'zod';
import { withRules } from './cross-field.js';
import { durationSchema } from './duration.js';
import { intRange, port, stringMap, text } from './primitives.js';

/** Istio StringMatch: exactly one of exact, prefix, regex. */
export const stringMatchSchema = withRules(
  z.strictObject({
    exact: z.string().max(1024).optional(),
    prefix: z.string().max(1024).optional(),
    regex: z.string().max(1024).optional().describe('RE2 syntax.'),
  }),
  [
    {
      message: 'needs exactly one of exact, prefix, regex',
      check: (m) => [m.exact, m.prefix, m.regex].filter((v) => v !== undefined).length === 1,
      cel: '(has(self.exact) ? 1 : 0) + (has(self.prefix) ? 1 : 0) + (has(self.regex) ? 1 : 0) == 1',
    },
  ],
);

function stringMatchMap() {
  return z
    .record(z.string().max(256), stringMatchSchema, 'must be a map of string matches')
    .refine((m) => Object.keys(m).length <= 32, 'must have at most 32 entries')
    .meta({ maxProperties: 32 });
}

/** Istio HTTPMatchRequest: all conditions of one block must hold. */
export const httpMatchRequestSchema = z.strictObject({
  name: z.string().max(256).optional(),
  uri: stringMatchSchema.optional(),
  scheme: stringMatchSchema.optional(),
  method: stringMatchSchema.optional(),
  authority: stringMatchSchema.optional(),
  headers: stringMatchMap()
    .optional()
    .describe('Header name (lower-case) → match; cookies via the "cookie" header.'),
  queryParams: stringMatchMap().optional(),
  withoutHeaders: stringMatchMap().optional(),
  port: port.optional(),
  sourceLabels: stringMap(32).optional(),
  sourceNamespace: z.string().max(63).optional(),
  gateways: z.array(text(253)).max(16).optional(),
  ignoreUriCase: z.boolean().optional(),
  statPrefix: z.string().max(256).optional(),
});

export const httpMatchListSchema = z
  .array(httpMatchRequestSchema)
  .max(16, 'must have at most 16 match blocks');

/** Istio HTTPRetry. */
export const httpRetrySchema = z.strictObject({
  attempts: intRange(0, 100).optional(),
  perTryTimeout: durationSchema.optional(),
  retryOn: z.string().max(1024).optional().describe('e.g. "gateway-error,connect-failure,refused-stream".'),
  retryRemoteLocalities: z.boolean().optional(),
});

const headerOperationsSchema = z.strictObject({
  set: stringMap(64).optional(),
  add: stringMap(64).optional(),
  remove: z.array(text(256)).max(64).optional(),
});

/** Istio Headers: manipulation of request and response headers. */
export const headersSchema = z.strictObject({
  request: headerOperationsSchema.optional(),
  response: headerOperationsSchema.optional(),
});

export type StringMatch = z.infer<typeof stringMatchSchema>;
export type HttpMatchRequest = z.infer<typeof httpMatchRequestSchema>;
export type HttpRetry = z.infer<typeof httpRetrySchema>;
export type IstioHeaders = z.infer<typeof headersSchema>;
