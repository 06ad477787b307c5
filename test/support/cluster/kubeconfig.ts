/** Writes a kubeconfig that points at the bed's apiserver with one client-cert identity. */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  file: string;
  server: string;
  ca: string;
  cert: string;
  key: string;
  user: string;
}

export async function writeKubeconfig(k: KubeconfigInput): Promise<string> {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fledge-testbed', cluster: { server: k.server, 'certificate-authority': k.ca } }],
    users: [{ name: k.user, user: { 'client-certificate': k.cert, 'client-key': k.key } }],
    contexts: [
      { name: 'fledge-testbed', context: { cluster: 'fledge-testbed', user: k.user, namespace: 'default' } },
    ],
    'current-context': 'fledge-testbed',
    preferences: {},
  };
  await writeFile(k.file, stringify(doc), { mode: 0o600 });
  return k.file;
}
