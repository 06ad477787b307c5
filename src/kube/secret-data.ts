/** Reads a Secret's data, base64-decoded (for MetricTemplate auth). */
import type { KubeClient } from './client.js';
import type { KubeObject } from './resource-client.js';
import { kinds } from './resource-kind.js';

export function secretDataReader(
  client: KubeClient,
): (namespace: string, name: string) => Promise<Record<string, string>> {
  const secrets = client.resources<KubeObject & { data?: Record<string, string> }>(kinds.secret);
  return async (namespace, name) => {
    const s = await secrets.get(namespace, name);
    return Object.fromEntries(
      Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  };
}
