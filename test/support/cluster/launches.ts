/**
 * Command lines of the Kubernetes components, one function each, given the
 * ports picked for this start. Everything listens on 127.0.0.1 only.
 */
import { join } from 'node:path';
import type { Artifacts } from './build.js';
import type { Pki } from './certs.js';
import type { Launch } from './start.js';

export const serviceCidr = '10.96.0.0/16';
export const serviceIp = '10.96.0.1';

export interface LaunchContext {
  dir: string;
  art: Artifacts;
  pki: Pki;
}

const logOf = (dir: string, name: string): string => join(dir, 'logs', `${name}.log`);

export function etcdLaunch({ dir, art }: LaunchContext, client: number, peer: number): Launch {
  return {
    spec: {
      name: 'etcd',
      command: art.bin('etcd'),
      logFile: logOf(dir, 'etcd'),
      args: [
        '--name=fledge',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${client}`,
        `--advertise-client-urls=http://127.0.0.1:${client}`,
        `--listen-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-cluster=fledge=http://127.0.0.1:${peer}`,
        // A throwaway store on a busy 2-core box: fsync only makes it slow.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
    },
    probe: { url: `http://127.0.0.1:${client}/health` },
  };
}

export function apiserverLaunch({ dir, art, pki }: LaunchContext, etcdUrl: string, port: number): Launch {
  return {
    spec: {
      name: 'kube-apiserver',
      command: art.bin('kube-apiserver'),
      logFile: logOf(dir, 'kube-apiserver'),
      // Its graceful shutdown stops serving at once but then hangs in the
      // ipallocator-repair controller until killed; don't make outage tests wait 10 s.
      graceMs: 2000,
      args: [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${port}`,
        `--tls-cert-file=${pki.serverCert}`,
        `--tls-private-key-file=${pki.serverKey}`,
        `--client-ca-file=${pki.ca}`,
        '--authorization-mode=Node,RBAC',
        // The defaults (PodSecurity, ServiceAccount, NamespaceLifecycle, …) plus the one kubeadm adds.
        '--enable-admission-plugins=NodeRestriction',
        // It taints new nodes not-ready until the node-lifecycle controller lifts it; that
        // controller is not run here (kwok nodes need no eviction), so nothing would lift it.
        '--disable-admission-plugins=TaintNodesByCondition',
        '--allow-privileged=true',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        `--service-cluster-ip-range=${serviceCidr}`,
        // There is no kube-proxy here: a loopback endpoint for the kubernetes Service is useless.
        '--endpoint-reconciler-type=none',
        '--profiling=false',
      ],
    },
    probe: { url: `https://127.0.0.1:${port}/readyz`, tls: { ca: pki.ca, ...pki.client('admin') } },
  };
}

export function controllerManagerLaunch(
  { dir, art, pki }: LaunchContext,
  kubeconfig: string,
  port: number,
): Launch {
  return {
    spec: {
      name: 'kube-controller-manager',
      command: art.bin('kube-controller-manager'),
      logFile: logOf(dir, 'kube-controller-manager'),
      args: [
        `--kubeconfig=${kubeconfig}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${port}`,
        `--cert-dir=${join(dir, 'kcm-certs')}`,
        '--leader-elect=false',
        // Each controller acts as its own service account, as on kubeadm clusters.
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki.saKey}`,
        `--root-ca-file=${pki.ca}`,
        `--service-cluster-ip-range=${serviceCidr}`,
        '--controllers=' +
          [
            'deployment-controller',
            'replicaset-controller',
            'garbage-collector-controller',
            'namespace-controller',
            'serviceaccount-controller',
            'serviceaccount-token-controller',
            'root-ca-certificate-publisher-controller',
            'endpointslice-controller',
            // Fills the built-in admin/edit/view roles from labelled ClusterRoles, as on any
            // real cluster: Fledge's aggregated roles give tenants with `edit` its kinds.
            'clusterrole-aggregation-controller',
          ].join(','),
      ],
    },
    probe: { url: `https://127.0.0.1:${port}/healthz`, tls: { insecure: true } },
  };
}

export function schedulerLaunch({ dir, art }: LaunchContext, kubeconfig: string, port: number): Launch {
  return {
    spec: {
      name: 'kube-scheduler',
      command: art.bin('kube-scheduler'),
      logFile: logOf(dir, 'kube-scheduler'),
      args: [
        `--kubeconfig=${kubeconfig}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${port}`,
        `--cert-dir=${join(dir, 'scheduler-certs')}`,
        '--leader-elect=false',
      ],
    },
    probe: { url: `https://127.0.0.1:${port}/healthz`, tls: { insecure: true } },
  };
}

export function kwokLaunch({ dir, art }: LaunchContext, kubeconfig: string, port: number): Launch {
  return {
    spec: {
      name: 'kwok',
      command: art.bin('kwok'),
      logFile: logOf(dir, 'kwok'),
      // HOME is ours so a ~/.kwok/kwok.yaml of the person running this is not picked up.
      env: { HOME: join(dir, 'kwok-home') },
      args: [
        `--kubeconfig=${kubeconfig}`,
        '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        `--server-address=127.0.0.1:${port}`,
        '--cidr=10.244.0.1/16',
        '--node-ip=10.0.0.10',
      ],
    },
    probe: { url: `http://127.0.0.1:${port}/healthz` },
  };
}
