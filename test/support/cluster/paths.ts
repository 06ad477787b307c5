/**
 * Where the test bed keeps things: the build cache (outside the clone, shared by
 * every checkout) and the repo-local `.testbed/` folder with the env and state
 * files of the bed that is running.
 */
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

/** `-X` flags that stamp versions, computed from the module's go.mod. */
export type VersionFlags = (goMod: string) => string[];

/** The version a go.mod requires of `module` (`v1.33.13`). */
export function requiredVersion(goMod: string, module: string): string {
  const m = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/\./g, '\\.')} (v[^\\s]+)`, 'm').exec(goMod);
  if (!m?.[1]) throw new Error(`go.mod does not require ${module}`);
  return m[1];
}

function majorMinor(version: string): [string, string] {
  const [, major = '1', minor = '0'] = /^v(\d+)\.(\d+)/.exec(version) ?? [];
  return [major, minor];
}

/**
 * Without these kube-apiserver reports `v0.0.0-master+$Format:%H$`, which
 * kubectl and Helm cannot parse; the projects' own Makefiles set the same.
 */
export function kubeVersionFlags(goMod: string): string[] {
  const v = requiredVersion(goMod, 'k8s.io/kubernetes');
  const [major, minor] = majorMinor(v);
  const vars = { gitVersion: v, gitMajor: major, gitMinor: minor, gitTreeState: 'clean' };
  return ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version'].flatMap((pkg) =>
    Object.entries(vars).map(([k, val]) => `-X ${pkg}.${k}=${val}`),
  );
}

export function helmVersionFlags(goMod: string): string[] {
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

/** Prometheus reads its version from prometheus/common's version package, as its Makefile stamps it. */
export function prometheusVersionFlags(goMod: string): string[] {
  const v = requiredVersion(goMod, 'github.com/prometheus/prometheus');
  // The Go module's v0.MMM.P is Prometheus (MMM / 100).(MMM % 100).P: v0.316.0 is 3.16.0, v0.42.0 is 2.42.0.
  const m = /^v0\.(\d+)\.(\d+)/.exec(v);
  const mmm = Number(m?.[1] ?? 0);
  const release =
    mmm >= 300 ? `${Math.floor(mmm / 100)}.${mmm % 100}.${m?.[2] ?? 0}` : `2.${mmm}.${m?.[2] ?? 0}`;
  return [
    `-X github.com/prometheus/common/version.Version=${release}`,
    '-X github.com/prometheus/common/version.Branch=fledge-testbed',
  ];
}

/** Bump when the way binaries are built changes (flags, names), so caches rebuild. */
export const buildRecipe = 'recipe-3: -trimpath, -s -w, version -X flags, one cache dir per component';

export function cacheRoot(): string {
  return process.env['FLEDGE_CACHE_DIR'] ?? join(homedir(), '.cache', 'fledge');
}

/** Where the bed's build products live; each component has its own keyed folder below. */
export function testbedCacheDir(): string {
  return join(cacheRoot(), 'testbed');
}

/** The Istio API module whose CRD bundle the bed applies. */
export const istioApiModule = 'istio.io/api@v1.24.2';

export function istioCrdFile(): string {
  return join(testbedCacheDir(), `istio-${istioApiModule.split('@')[1]}`, 'istio-crds.yaml');
}
