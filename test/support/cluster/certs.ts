/**
 * The bed's PKI, made with the openssl CLI: one CA, the apiserver's serving
 * cert, the service-account signing key, and client certs for each identity.
 * Kubernetes takes a client cert's CN as the user and its O fields as groups.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const openssl = process.env['OPENSSL'] ?? '/usr/bin/openssl';

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

async function ecKey(file: string): Promise<void> {
  await exec(openssl, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
}

/** Issues `<name>.crt` signed by the CA with the given extensions. */
async function issue(dir: string, name: string, subject: string, extensions: string[]): Promise<void> {
  const base = join(dir, name);
  await ecKey(`${base}.key`);
  await exec(openssl, ['req', '-new', '-key', `${base}.key`, '-subj', subject, '-out', `${base}.csr`]);
  await writeFile(`${base}.ext`, extensions.join('\n') + '\n');
  await exec(openssl, [
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '3650',
    '-sha256',
    '-extfile',
    `${base}.ext`,
    '-out',
    `${base}.crt`,
  ]);
}

function subjectOf(id: Identity): string {
  return `/CN=${id.user}` + id.groups.map((g) => `/O=${g}`).join('');
}

export async function makePki(dir: string, serviceIp: string): Promise<Pki> {
  await mkdir(dir, { recursive: true });
  const caCnf = join(dir, 'ca.cnf');
  await writeFile(
    caCnf,
    [
      '[req]',
      'distinguished_name = dn',
      'x509_extensions = v3_ca',
      'prompt = no',
      '[dn]',
      'CN = fledge-testbed-ca',
      '[v3_ca]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign,digitalSignature',
      'subjectKeyIdentifier = hash',
      '',
    ].join('\n'),
  );
  await ecKey(join(dir, 'ca.key'));
  await exec(openssl, [
    'req',
    '-x509',
    '-new',
    '-config',
    caCnf,
    '-key',
    join(dir, 'ca.key'),
    '-days',
    '3650',
    '-out',
    join(dir, 'ca.crt'),
  ]);

  const leaf = (usage: string): string[] => [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage = ${usage}`,
  ];
  const sans = [
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
    'IP:127.0.0.1',
    `IP:${serviceIp}`,
  ];
  await issue(dir, 'apiserver', '/CN=kube-apiserver', [
    ...leaf('serverAuth'),
    `subjectAltName = ${sans.join(',')}`,
  ]);
  await Promise.all(
    Object.entries(identities).map(([name, id]) => issue(dir, name, subjectOf(id), leaf('clientAuth'))),
  );

  // Service-account tokens are signed with RSA, as on a kubeadm cluster.
  await exec(openssl, [
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    join(dir, 'sa.key'),
  ]);
  await exec(openssl, ['pkey', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub')]);

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
