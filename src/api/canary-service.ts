/**
 * `Canary.spec.service`: the ports of the three Services Fledge creates and the
 * VirtualService fields it writes from the spec (never from stale state).
 */
import { z } from 'zod';
import { durationSchema } from './duration.js';
import { headersSchema, httpMatchListSchema, httpRetrySchema } from './istio.js';
import { dnsLabel, freeFormObject, intOrString, port, text } from './primitives.js';

export const canaryServiceSchema = z.strictObject({
  name: dnsLabel
    .optional()
    .describe('Name of the apex Service and VirtualService; defaults to the target name.'),
  port: port.describe('Port the Services expose.'),
  targetPort: intOrString.optional().describe('Container port (number or name); defaults to port.'),
  portName: dnsLabel.optional().describe('Name of the Service port; defaults to http.'),
  appProtocol: z.string().max(64).optional(),
  portDiscovery: z
    .boolean()
    .optional()
    .describe("Also expose every other container port of the target's pods."),
  hosts: z.array(text(253)).max(32).optional().describe('VirtualService hosts besides the apex Service.'),
  gateways: z.array(text(253)).max(16).optional().describe('Istio gateways; "mesh" is implied when empty.'),
  match: httpMatchListSchema.optional().describe('Match blocks of the VirtualService route.'),
  retries: httpRetrySchema.optional(),
  timeout: durationSchema.optional().describe('Request timeout of the route.'),
  headers: headersSchema.optional(),
  corsPolicy: freeFormObject.optional().describe('Istio CorsPolicy, passed through as written.'),
  trafficPolicy: freeFormObject
    .optional()
    .describe('Istio TrafficPolicy of the DestinationRules, as written.'),
});

export type CanaryService = z.infer<typeof canaryServiceSchema>;
