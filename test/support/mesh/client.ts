import type { TrafficInput, TrafficSpec, WorkloadInput, WorkloadSpec } from './config.js';
import type { MeshState, VirtualServiceState } from './state.js';

export type { MeshState, VirtualServiceState } from './state.js';

/** Thrown on a non-2xx answer; `body` is the server's JSON (`{error, issues?}`). */
export class MeshClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`mesh simulator: HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** A typed client of the mesh simulator's control API, for tests and scripts. */
export class MeshClient {
  constructor(private readonly baseUrl: string) {
    if (!baseUrl)
      throw new Error('mesh simulator: no URL (MESH_URL is empty: this test bed runs without the simulator)');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new MeshClientError(res.status, json);
    return json as T;
  }

  /** rps 0 pauses; `found` is false while the VirtualService does not exist. */
  setTraffic(
    namespace: string,
    virtualService: string,
    traffic: TrafficInput,
  ): Promise<{ found: boolean; traffic: TrafficSpec }> {
    return this.call('PUT', `/v1/traffic/${enc(namespace)}/${enc(virtualService)}`, traffic);
  }

  async stopTraffic(namespace: string, virtualService: string): Promise<void> {
    await this.call('DELETE', `/v1/traffic/${enc(namespace)}/${enc(virtualService)}`);
  }

  setWorkload(namespace: string, workload: string, spec: WorkloadInput): Promise<WorkloadSpec> {
    return this.call('PUT', `/v1/workloads/${enc(namespace)}/${enc(workload)}`, spec);
  }

  state(): Promise<MeshState> {
    return this.call('GET', '/v1/state');
  }

  async virtualService(namespace: string, name: string): Promise<VirtualServiceState | undefined> {
    return (await this.state()).virtualServices.find((v) => v.namespace === namespace && v.name === name);
  }

  async reset(): Promise<void> {
    await this.call('POST', '/v1/reset');
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

export function meshClient(baseUrl: string): MeshClient {
  return new MeshClient(baseUrl);
}
