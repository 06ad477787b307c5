import { describe, expect, it } from 'vitest';
import type { TestbedEnv } from '../../../../test/support/cluster/state.js';
import { formatEnv, parseEnv } from '../../../../test/support/cluster/state.js';

const env: TestbedEnv = {
  KUBECONFIG: '/tmp/fledge-testbed-x/kubeconfig/admin.yaml',
  KUBECONFIG_UNPRIVILEGED: "/tmp/it's here/unprivileged.yaml",
  PROMETHEUS_URL: 'http://127.0.0.1:9090',
  MESH_URL: '',
  HELM: '/root/.cache/fledge/testbed/helm-abc/bin/helm',
  KSTATUS: '/root/.cache/fledge/testbed/kstatus-abc/bin/fledge-kstatus',
  FLEDGE_TESTBED_DIR: '/tmp/with space',
};

describe('.testbed/env format', () => {
  it.each([
    ['plain KEY=value lines', ''],
    ['export lines as printed by testbed:up', 'export '],
  ])('round-trips %s, quoting what a shell would split', (_name, prefix) => {
    const text = formatEnv(env, prefix);
    expect(parseEnv(text)).toEqual(env);
    expect(text).toContain(`${prefix}FLEDGE_TESTBED_DIR='/tmp/with space'`);
    expect(text).toContain(`${prefix}KUBECONFIG_UNPRIVILEGED='/tmp/it'\\''s here/unprivileged.yaml'`);
  });

  it('ignores unknown keys and junk lines', () => {
    expect(parseEnv('# comment\nFOO=bar\nnot a line\nHELM=/bin/helm\n')).toEqual({ HELM: '/bin/helm' });
  });
});
