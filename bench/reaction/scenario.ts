/**
 * What the reaction scenarios share: the app under release, and one watch
 * per kind that records every change of interest with its arrival time.
 */
import type { KubeClient } from '../../src/kube/client.js';
import type { KubeObject } from '../../src/kube/resource-client.js';
import type { WatchStream } from '../../src/kube/rest.js';
import type { ResourceKind } from '../../src/kube/resource-kind.js';
import { kinds } from '../../src/kube/resource-kind.js';
import { virtualServiceKind } from '../../src/routing/istio-types.js';
import { waitFor } from '../lib/bed.js';

export interface Release {
  /** Template patch sent → Canary Progressing with the target scaled up (both seen). */
  detectMs: number;
  steps: {
    weight: number;
    /** Template patch sent → this weight seen in the VirtualService. */
    sinceSentMs: number;
    /** The reconcile that judged the analysis → this weight seen; undefined when not known. */
    judgedToVsMs: number | undefined;
  }[];
  outcome: string;
}

export interface ScenarioResult {
  tool: string;
  intervalSeconds: number;
  releases: Release[];
  /** Why the scenario could not run, when it could not. */
  skipped?: string;
}

export const app = {
  deployment: (ns: string, name: string): KubeObject & { spec: object } => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'ghcr.io/stefanprodan/podinfo:6.0.0',
              ports: [{ name: 'http', containerPort: 9898 }],
              readinessProbe: { httpGet: { path: '/readyz', port: 9898 } },
            },
          ],
        },
      },
    },
  }),
};

export interface Seen {
  kind: 'phase' | 'replicas' | 'weights';
  value: unknown;
  at: number;
}

interface VsRoute {
  destination: { host: string };
  weight?: number;
}
interface VsObj extends KubeObject {
  spec?: { http?: { route?: VsRoute[] }[] };
}

/** [primary, canary] weights of the first weighted route of a VirtualService's spec. */
export function weightsOf(value: unknown): [number, number] {
  const routes = (value as VsRoute[] | undefined) ?? [];
  const w = (suffix: string): number =>
    routes.find((r) => r.destination.host.split('.')[0]?.endsWith(suffix))?.weight ?? 0;
  return [w('-primary'), w('-canary')];
}

/**
 * Watches the Canary (phase), the target Deployment (spec.replicas) and the
 * VirtualService (weights) named `name` in `ns`, recording each change.
 */
export async function watchAll(kube: KubeClient, ns: string, name: string, canaryKind: ResourceKind) {
  const seen: Seen[] = [];
  const last = new Map<string, string>();
  const record = (kind: Seen['kind'], value: unknown): void => {
    const at = Date.now();
    const text = JSON.stringify(value);
    if (last.get(kind) === text) return;
    last.set(kind, text);
    seen.push({ kind, value, at });
  };
  const byName = `metadata.name=${name}`;
  const streams: WatchStream[] = [
    await kube
      .resources<KubeObject & { status?: { phase?: string } }>(canaryKind)
      .watch(ns, { fieldSelector: byName }, (e) => {
        if (e.type === 'ADDED' || e.type === 'MODIFIED') record('phase', e.object.status?.phase);
      }),
    await kube
      .resources<KubeObject & { spec?: { replicas?: number } }>(kinds.deployment)
      .watch(ns, { fieldSelector: byName }, (e) => {
        if (e.type === 'ADDED' || e.type === 'MODIFIED') record('replicas', e.object.spec?.replicas ?? 1);
      }),
    await kube.resources<VsObj>(virtualServiceKind).watch(ns, { fieldSelector: byName }, (e) => {
      if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
      const route = e.object.spec?.http?.find((h) => (h.route?.length ?? 0) > 1) ?? e.object.spec?.http?.[0];
      record('weights', route?.route);
    }),
  ];
  return {
    seen,
    /** The first change after `since` that matches. */
    first: (match: (s: Seen) => boolean, since: number, timeoutMs = 60_000): Promise<Seen> =>
      waitFor(() => seen.find((s) => s.at >= since && match(s)), timeoutMs, 'a watched change', 20),
    /** Every matching change after `since`, once a change matching `end` was seen. */
    all: async (
      match: (s: Seen) => boolean,
      since: number,
      end: (s: Seen) => boolean,
      timeoutMs: number,
    ): Promise<Seen[]> => {
      await waitFor(() => seen.find((s) => s.at >= since && end(s)), timeoutMs, 'the release to end', 50);
      return seen.filter((s) => s.at >= since && match(s));
    },
    stop: () => streams.forEach((s) => s.abort()),
  };
}
