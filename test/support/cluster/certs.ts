/**
 * The bed's PKI: one CA, the apiserver's serving cert, the service-account
 * signing key, and client certs for each identity, written by our `fledge-pki`
 * (Go standard library, built into the cache like every other component, so
 * the bed needs no openssl). Kubernetes takes a client cert's CN as the user
 * and its O fields as groups.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

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
  const clients = Object.entries(identities).map(
    ([file, id]: [string, Identity]) =>
      `${file}=${id.user}${id.groups.length ? `:${id.groups.join(',')}` : ''}`,
  );
  await exec(pkiBin, ['-dir', dir, '-service-ip', serviceIp, ...clients.flatMap((c) => ['-client', c])]);
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
