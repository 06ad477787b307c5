/** kubectl and polling helpers the flag e2e shares. */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
export { eventually } from '../../support/eventually.js';

export const repo = join(import.meta.dirname, '..', '..', '..');
export const exampleFile = (name: string): string => join(repo, 'examples', 'flags', name);
export const crdFile = join(repo, 'crds', 'featureflags.fledge.dev.yaml');

export interface ConfigMapJson {
  metadata: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid: string;
    ownerReferences?: unknown[];
  };
  data?: Record<string, string>;
}

export interface FlagJson {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    compiledHash?: string;
    publishedTo?: { configMap: string; namespace: string; key?: string };
    expired?: boolean;
    rollout?: { percentage?: number };
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
}

export function k(kubeconfig: string) {
  return {
    run: (args: string[], input?: string) => kubectl(args, { kubeconfig, ...(input ? { input } : {}) }),
    try: (args: string[], input?: string) => kubectlRun(args, { kubeconfig, ...(input ? { input } : {}) }),
    async json<T>(args: string[]): Promise<T | undefined> {
      const r = await kubectlRun([...args, '-o', 'json'], { kubeconfig });
      return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
    },
  };
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export const randomUsers = (n: number): string[] => Array.from({ length: n }, () => randomUUID());

export const condition = (f: FlagJson | undefined, type: string) =>
  f?.status?.conditions?.find((c) => c.type === type);
