/**
 * Where the test bed keeps things: the build cache (outside the clone, shared by
 * every checkout) and the repo-local `.testbed/` folder with the env and state
 * files of the bed that is running.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const repoRoot = resolve(here, '../../..');
export const goModulesDir = join(here, 'go');
/** FLEDGE_TESTBED_STATE_DIR lets a second bed run beside the usual one (used to test the bed itself). */
export const testbedStateDir = process.env['FLEDGE_TESTBED_STATE_DIR'] ?? join(repoRoot, '.testbed');
export const envFile = join(testbedStateDir, 'env');
export const stateFile = join(testbedStateDir, 'state.json');

/** One Go module of ours and the main packages its `tool` directive names. */
export interface GoModule {
  dir: string;
  binaries: { name: string; pkg: string }[];
  /**
   * `-X` flags that stamp the version, as the projects' own Makefiles do. Without
   * them kube-apiserver reports `v0.0.0-master+$Format:%H$`, which kubectl and
   * Helm cannot parse.
   */
  versionFlags?: (goMod: string) => string[];
}

/** The version a go.mod requires of `module` (`v1.33.13`). */
export function requiredVersion(goMod: string, module: string): string {
  const m = new RegExp(`^\\s*${module.replace(/\./g, '\\.')} (v[^\\s]+)`, 'm').exec(goMod);
  if (!m?.[1]) throw new Error(`go.mod does not require ${module}`);
  return m[1];
}

function majorMinor(version: string): [string, string] {
  const [, major = '1', minor = '0'] = /^v(\d+)\.(\d+)/.exec(version) ?? [];
  return [major, minor];
}

function kubeVersionFlags(goMod: string): string[] {
  const v = requiredVersion(goMod, 'k8s.io/kubernetes');
  const [major, minor] = majorMinor(v);
  const vars = { gitVersion: v, gitMajor: major, gitMinor: minor, gitTreeState: 'clean' };
  return ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version'].flatMap((pkg) =>
    Object.entries(vars).map(([k, val]) => `-X ${pkg}.${k}=${val}`),
  );
}

function helmVersionFlags(goMod: string): string[] {
  // Helm's offline default cluster version follows the client-go it is built with.
  const [, clientMinor] = majorMinor(requiredVersion(goMod, 'k8s.io/client-go'));
  return [
    `-X helm.sh/helm/v3/internal/version.version=${requiredVersion(goMod, 'helm.sh/helm/v3')}`,
    '-X helm.sh/helm/v3/internal/version.gitTreeState=clean',
    ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((pkg) => [
      `-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1`,
      `-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=${clientMinor}`,
    ]),
  ];
}

/** Bump when the way binaries are built changes (flags, names), so caches rebuild. */
const buildRecipe = 'recipe-2: -trimpath, -s -w, version -X flags';

export const goModules: GoModule[] = [
  {
    dir: 'etcd',
    binaries: [{ name: 'etcd', pkg: 'go.etcd.io/etcd/server/v3' }],
  },
  {
    dir: 'kubernetes',
    binaries: [
      { name: 'kube-apiserver', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
      { name: 'kube-controller-manager', pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager' },
      { name: 'kube-scheduler', pkg: 'k8s.io/kubernetes/cmd/kube-scheduler' },
    ],
    versionFlags: kubeVersionFlags,
  },
  { dir: 'kwok', binaries: [{ name: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok' }] },
  {
    dir: 'helm',
    binaries: [{ name: 'helm', pkg: 'helm.sh/helm/v3/cmd/helm' }],
    versionFlags: helmVersionFlags,
  },
];

/** The Istio API module whose CRD bundle the bed applies. */
export const istioApiModule = 'istio.io/api@v1.24.2';

export function cacheRoot(): string {
  return process.env['FLEDGE_CACHE_DIR'] ?? join(homedir(), '.cache', 'fledge');
}

/**
 * The cache key covers every go.mod/go.sum (and the Istio version), so bumping
 * any pinned version builds into a fresh directory instead of reusing stale
 * binaries.
 */
export function cacheKey(): string {
  const hash = createHash('sha256');
  for (const mod of goModules) {
    for (const file of ['go.mod', 'go.sum']) {
      hash.update(`${mod.dir}/${file}\n`);
      hash.update(readFileSync(join(goModulesDir, mod.dir, file)));
    }
  }
  hash.update(istioApiModule);
  hash.update(buildRecipe);
  return hash.digest('hex').slice(0, 12);
}

export function cacheDir(): string {
  return join(cacheRoot(), 'testbed', cacheKey());
}

export function binDir(): string {
  return join(cacheDir(), 'bin');
}

export function istioCrdFile(): string {
  return join(cacheDir(), 'istio-crds.yaml');
}
