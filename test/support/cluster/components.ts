/**
 * Every binary the bed builds, grouped by the Go module that builds it, and
 * where each group is cached: `<cache>/testbed/<id>-<key>/bin/`, the key hashing
 * exactly what decides the build (the committed go.mod/go.sum/*.go, or the
 * version a generated module is made for, and the build recipe). So changing
 * one pin rebuilds only that component, and two Kubernetes versions live side
 * by side in the cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kubeBinaries, kubeVersion, writeKubeModule } from './kube-version.js';
import type { VersionFlags } from './paths.js';
import {
  buildRecipe,
  goModulesDir,
  helmVersionFlags,
  kubeVersionFlags,
  prometheusVersionFlags,
  testbedCacheDir,
} from './paths.js';

type Run = (cmd: string, args: string[], cwd: string) => Promise<string>;

export interface GoComponent {
  /** Names the cache folder and what progress lines say. */
  id: string;
  binaries: { name: string; pkg: string }[];
  /** A module committed under test/support/cluster/go/<dir>, or one generated into the cache. */
  source: { dir: string } | { generated: string; write: (dir: string, run: Run) => Promise<void> };
  versionFlags?: VersionFlags;
  /** Go build tags (e.g. to leave out code the bed never runs). */
  tags?: string[];
  /** Built only when a test asks for it (`ensureComponent`), not by `testbed:build`. */
  optional?: boolean;
  /** What to tell a person when its build fails for a reason of the environment. */
  what: string;
}

/** The components, in build order (cheap first, so a broken Go shows up early). */
export function goComponents(): GoComponent[] {
  const kube = kubeVersion();
  return [
    {
      id: 'pki',
      what: 'the PKI tool (ours, standard library only)',
      source: { dir: 'pki' },
      binaries: [{ name: 'fledge-pki', pkg: 'fledge.dev/testbed/pki' }],
    },
    {
      id: 'etcd',
      what: 'etcd (go.etcd.io/etcd/server/v3)',
      source: { dir: 'etcd' },
      binaries: [{ name: 'etcd', pkg: 'go.etcd.io/etcd/server/v3' }],
    },
    {
      id: `kubernetes-${kube}`,
      what: `Kubernetes ${kube} (k8s.io/kubernetes)`,
      source: { generated: kube, write: (dir, run) => writeKubeModule(dir, kube, run) },
      binaries: kubeBinaries,
      versionFlags: kubeVersionFlags,
    },
    {
      id: 'kwok',
      what: 'kwok (sigs.k8s.io/kwok)',
      source: { dir: 'kwok' },
      binaries: [{ name: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok' }],
    },
    {
      id: 'prometheus',
      what: 'Prometheus 3 (github.com/prometheus/prometheus)',
      source: { dir: 'prometheus' },
      binaries: [{ name: 'prometheus', pkg: 'github.com/prometheus/prometheus/cmd/prometheus' }],
      versionFlags: prometheusVersionFlags,
      // Only static and file service discovery are used (both always built in);
      // the cloud and Kubernetes ones are most of the build time.
      tags: ['remove_all_sd'],
    },
    {
      id: 'kstatus',
      what: 'the kstatus helper (ours, on sigs.k8s.io/cli-utils)',
      source: { dir: 'kstatus' },
      binaries: [{ name: 'fledge-kstatus', pkg: 'fledge.dev/testbed/kstatus' }],
    },
    {
      id: 'helm',
      what: 'Helm (helm.sh/helm/v3)',
      source: { dir: 'helm' },
      binaries: [{ name: 'helm', pkg: 'helm.sh/helm/v3/cmd/helm' }],
      versionFlags: helmVersionFlags,
    },
    {
      id: 'prometheus-v2',
      what: 'Prometheus 2 (github.com/prometheus/prometheus, for the 2.x compatibility test)',
      source: { dir: 'prometheus-v2' },
      binaries: [{ name: 'prometheus-v2', pkg: 'github.com/prometheus/prometheus/cmd/prometheus' }],
      versionFlags: prometheusVersionFlags,
      optional: true,
    },
  ];
}

/** The files of a committed module that decide its build. */
function committedFiles(dir: string): string[] {
  const abs = join(goModulesDir, dir);
  return readdirSync(abs)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
    .sort()
    .map((f) => join(abs, f));
}

export function componentKey(c: GoComponent): string {
  const hash = createHash('sha256');
  hash.update(`${c.id}\n${buildRecipe}\ntags=${(c.tags ?? []).join(',')}\n`);
  for (const b of c.binaries) hash.update(`${b.name}=${b.pkg}\n`);
  if ('dir' in c.source) {
    for (const file of committedFiles(c.source.dir)) {
      hash.update(`${file.slice(goModulesDir.length)}\n`);
      hash.update(readFileSync(file));
    }
  } else {
    hash.update(`generated ${c.source.generated}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}

export function componentDir(c: GoComponent): string {
  return join(testbedCacheDir(), `${c.id}-${componentKey(c)}`);
}

/** Where binary `name` is (or will be) cached. */
export function binaryPath(name: string): string {
  const c = goComponents().find((x) => x.binaries.some((b) => b.name === name));
  if (!c) throw new Error(`test bed: no component builds a binary named ${name}`);
  return join(componentDir(c), 'bin', name);
}
