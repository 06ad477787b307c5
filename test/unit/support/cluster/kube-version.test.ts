import { describe, expect, it } from 'vitest';
import {
  defaultKubeVersion,
  goDirective,
  kubeGoMod,
  parseKubeVersion,
  stagingModules,
  stagingVersion,
} from '../../../../test/support/cluster/kube-version.js';

// The shape of k8s.io/kubernetes' own go.mod: staging modules required at
// v0.0.0 and replaced by ./staging paths, beside ordinary replaces.
const release = `module k8s.io/kubernetes

go 1.26.0

require (
\tk8s.io/api v0.0.0
\tk8s.io/client-go v0.0.0
\tgithub.com/google/go-cmp v0.7.0
)

replace (
\tk8s.io/api => ./staging/src/k8s.io/api
\tk8s.io/client-go => ./staging/src/k8s.io/client-go
\tk8s.io/cri-streaming => ./staging/src/k8s.io/cri-streaming
\tgithub.com/x/y => github.com/x/y v1.2.3
)
`;

describe('FLEDGE_KUBE_VERSION', () => {
  it.each([
    [undefined, defaultKubeVersion],
    ['', defaultKubeVersion],
    ['1.37.2', 'v1.37.2'],
    ['v1.35.4', 'v1.35.4'],
    [' 1.36.3 ', 'v1.36.3'],
  ])('reads %j as %s', (raw, want) => {
    expect(parseKubeVersion(raw)).toBe(want);
  });

  it.each(['1.37', 'latest', 'v2.0.0', '1.37.2-rc.1'])('refuses %s and shows how to write one', (raw) => {
    expect(() => parseKubeVersion(raw)).toThrow(/is not a Kubernetes release; write it like 1\.\d+\.\d+/);
  });

  it('refuses a release older than the bed can build', () => {
    expect(() => parseKubeVersion('1.27.3')).toThrow(/1\.30 and newer/);
  });

  it('maps a release to its staging modules version', () => {
    expect(stagingVersion('v1.37.2')).toBe('v0.37.2');
  });
});

describe('the generated Kubernetes module', () => {
  it("takes the staging modules from the release's own go.mod, and only those", () => {
    expect(stagingModules(release)).toEqual(['k8s.io/api', 'k8s.io/client-go', 'k8s.io/cri-streaming']);
  });

  it('replaces each staging module with its published release and keeps the go directive', () => {
    const mod = kubeGoMod('v1.37.2', release);
    expect(goDirective(mod)).toBe('1.26.0');
    expect(mod).toContain('require k8s.io/kubernetes v1.37.2');
    expect(mod).toContain('\tk8s.io/cri-streaming => k8s.io/cri-streaming v0.37.2');
    expect(mod).toContain('\tk8s.io/kubernetes/cmd/kube-apiserver');
    expect(mod).not.toContain('github.com/x/y');
  });

  it('refuses a go.mod without staging replaces (not a Kubernetes release)', () => {
    expect(() => kubeGoMod('v1.37.2', 'module k8s.io/kubernetes\n')).toThrow(/replaces no staging modules/);
  });
});
