import { describe, expect, it } from 'vitest';
import {
  helmVersionFlags,
  kubeVersionFlags,
  prometheusVersionFlags,
  requiredVersion,
} from '../../../../test/support/cluster/paths.js';

const goMod = `module fledge.dev/testbed/x

require (
\tk8s.io/client-go v0.34.2 // indirect
\tk8s.io/kubernetes v1.33.13 // indirect
\thelm.sh/helm/v3 v3.19.5 // indirect
)
`;

describe('build version stamping', () => {
  it.each([
    ['k8s.io/kubernetes', 'v1.33.13'],
    ['helm.sh/helm/v3', 'v3.19.5'],
    ['k8s.io/client-go', 'v0.34.2'],
  ])('reads the required version of %s', (module, version) => {
    expect(requiredVersion(goMod, module)).toBe(version);
  });

  it('fails loudly for a module the go.mod does not require', () => {
    expect(() => requiredVersion(goMod, 'sigs.k8s.io/kwok')).toThrow(/does not require sigs.k8s.io\/kwok/);
  });

  it('stamps the Kubernetes version where kube-apiserver and client-go report it', () => {
    expect(kubeVersionFlags(goMod)).toEqual(
      expect.arrayContaining([
        '-X k8s.io/component-base/version.gitVersion=v1.33.13',
        '-X k8s.io/component-base/version.gitMinor=33',
        '-X k8s.io/client-go/pkg/version.gitVersion=v1.33.13',
      ]),
    );
  });

  it("stamps Helm's version and its default cluster version from client-go", () => {
    expect(helmVersionFlags(goMod)).toEqual(
      expect.arrayContaining([
        '-X helm.sh/helm/v3/internal/version.version=v3.19.5',
        '-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=34',
      ]),
    );
  });

  it.each([
    ['v0.316.0', '3.16.0'],
    ['v0.300.1', '3.0.1'],
    ['v0.42.0', '2.42.0'],
    ['v0.54.1', '2.54.1'],
  ])('stamps Prometheus module %s as release %s', (module, release) => {
    const mod = `module x\n\nrequire github.com/prometheus/prometheus ${module}\n`;
    expect(prometheusVersionFlags(mod)).toContain(
      `-X github.com/prometheus/common/version.Version=${release}`,
    );
  });
});
