/**
 * The revision of a target: a hash of the pod template the user wrote. The
 * apiserver fills in defaults (imagePullPolicy, protocol: TCP, probe timings,
 * dnsPolicy, …) and a newer Kubernetes may fill in more; those must not count,
 * or a resync, an upgrade or a re-read after a transient error would start a
 * rollout nobody asked for. So defaults are stripped, empty values dropped and
 * keys sorted before hashing.
 */
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Field → its apiserver default, per kind of object in a pod template. */
const POD_DEFAULTS: Obj = {
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  terminationGracePeriodSeconds: 30,
  enableServiceLinks: true,
  preemptionPolicy: 'PreemptLowerPriority',
  priority: 0,
  hostNetwork: false,
  hostPID: false,
  hostIPC: false,
};
const CONTAINER_DEFAULTS: Obj = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  stdin: false,
  stdinOnce: false,
  tty: false,
};
const PROBE_DEFAULTS: Obj = {
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};
const PORT_DEFAULTS: Obj = { protocol: 'TCP' };
const HTTP_GET_DEFAULTS: Obj = { scheme: 'HTTP' };
const KEY_PROJECTION_DEFAULTS: Obj = { defaultMode: 420 };

/** sha256 of the normalised template, 16 hex digits (enough to tell revisions apart). */
export function templateHash(template: unknown): string {
  const normal = normaliseTemplate(template);
  return createHash('sha256').update(canonical(normal)).digest('hex').slice(0, 16);
}

/** The template without apiserver defaults, empty values and server-set metadata. */
export function normaliseTemplate(template: unknown): Json {
  const t = clone(template);
  if (!isObj(t)) return null;
  const meta = t['metadata'];
  if (isObj(meta)) {
    delete meta['creationTimestamp'];
  }
  const spec = t['spec'];
  if (isObj(spec)) normalisePodSpec(spec);
  return prune(t) ?? {};
}

function normalisePodSpec(spec: Obj): void {
  stripDefaults(spec, POD_DEFAULTS);
  // The apiserver writes `securityContext: {}`; prune() drops it with other empties.
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (Array.isArray(containers)) containers.forEach((c) => isObj(c) && normaliseContainer(c));
  }
  const volumes = spec['volumes'];
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      if (!isObj(v)) continue;
      for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
        const s = v[source];
        if (isObj(s)) stripDefaults(s, KEY_PROJECTION_DEFAULTS);
      }
    }
  }
}

function normaliseContainer(c: Obj): void {
  stripDefaults(c, CONTAINER_DEFAULTS);
  // IfNotPresent is the default unless the tag is `latest` (or missing), where it is Always.
  const image = typeof c['image'] === 'string' ? c['image'] : '';
  const tagless = !/:[^/]+$/.test(image.split('@')[0] ?? '') && !image.includes('@');
  const latest = tagless || /:latest$/.test(image);
  if (c['imagePullPolicy'] === (latest ? 'Always' : 'IfNotPresent')) delete c['imagePullPolicy'];
  const ports = c['ports'];
  if (Array.isArray(ports)) ports.forEach((p) => isObj(p) && stripDefaults(p, PORT_DEFAULTS));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = c[probe];
    if (!isObj(p)) continue;
    stripDefaults(p, PROBE_DEFAULTS);
    const http = p['httpGet'];
    if (isObj(http)) stripDefaults(http, HTTP_GET_DEFAULTS);
  }
}

function stripDefaults(obj: Obj, defaults: Obj): void {
  for (const [k, v] of Object.entries(defaults)) if (obj[k] === v) delete obj[k];
}

/** Drops null, `{}` and `[]` recursively: "absent" and "empty" mean the same to the apiserver. */
function prune(v: Json): Json | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) {
    const out = v.map((x) => prune(x) ?? null);
    return out.length === 0 ? undefined : out;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** JSON with sorted keys. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v as Json)) {
    const o = v as Obj;
    const keys = Object.keys(o).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function clone(v: unknown): Json {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json);
}

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
