/**
 * The bed's PKI: one CA, the apiserver's serving cert, the service-account
 * signing key, and client certs for each identity, written by our `fledge-pki`
 * (Go standard library, built into the cache like every other component, so
 * the bed needs no openssl). Kubernetes takes a client cert's CN as the user
 * and its O fields as groups.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Identity {
  user: string;
  groups: string[];
}

/** Who gets a client cert; keys name the files (`<key>.crt`, `<key>.key`). */
export const identities = {
  admin: { user: 'fledge-admin', groups: ['system:masters'] },
  user: { user: 'fledge-test-user', groups: [] },
  'controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  scheduler: { user: 'system:kube-scheduler', groups: [] },
} satisfies Record<string, Identity>;

export type IdentityName = keyof typeof identities;

export interface Pki {
  dir: string;
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  saKey: string;
  saPub: string;
  client: (name: IdentityName) => { cert: string; key: string };
}

export async function makePki(dir: string, serviceIp: string, pkiBin: string): Promise<Pki> {
  const ids = Object.entries(identities).map(([file, id]: [string, Identity]) => ({ file, ...id }));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(pkiBin, ['-dir', dir, '-service-ip', serviceIp], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${pkiBin} exited ${code}: ${err.trim()}`)),
    );
    child.stdin.end(JSON.stringify(ids));
  });
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'apiserver.crt'),
    serverKey: join(dir, 'apiserver.key'),
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
    client: (name) => ({ cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) }),
  };
}
