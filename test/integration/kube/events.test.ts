import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import { EventRecorder, type KubeEvent } from '../../../src/kube/events.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../../src/kube/finalizers.js';
import { kinds } from '../../../src/kube/resource-kind.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { bedClient, configMaps, createNamespace, deleteNamespace } from './bed.js';

let client: KubeClient;
let ns: string;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'events');
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

describe('EventRecorder against the real apiserver', () => {
  it('creates an events.k8s.io Event and counts repeats as a series', async () => {
    const cm = await configMaps(client).create({ metadata: { name: 'subject', namespace: ns } });
    const subject = { apiVersion: 'v1', kind: 'ConfigMap', ...cm };
    const events = client.resources<KubeEvent>(kinds.event);
    const rec = new EventRecorder(events, {
      controller: 'fledge.dev/fledge',
      instance: 'test-1',
      logger: silentLogger(),
    });
    await rec.record(subject, 'Warning', 'AnalysisFailed', 'error-rate 12% > 5%');
    await rec.record(subject, 'Warning', 'AnalysisFailed', 'error-rate 12% > 5%');
    await rec.record(subject, 'Warning', 'AnalysisFailed', 'error-rate 12% > 5%');
    await rec.record(subject, 'Normal', 'Promoted', 'done');
    const list = (await events.list(ns)).items;
    expect(list).toHaveLength(2);
    const failed = list.find((e) => e.reason === 'AnalysisFailed');
    expect(failed).toMatchObject({
      type: 'Warning',
      note: 'error-rate 12% > 5%',
      reportingController: 'fledge.dev/fledge',
      regarding: { kind: 'ConfigMap', name: 'subject', namespace: ns, uid: cm.metadata?.uid },
      series: { count: 3 },
    });
    // core/v1 sees the same Event (what `kubectl describe` shows).
    const core = await client.core.listNamespacedEvent({ namespace: ns });
    expect(core.items.find((e) => e.reason === 'AnalysisFailed')?.involvedObject.name).toBe('subject');
  });

  it('never throws, even when the Event is rejected', async () => {
    const rec = new EventRecorder(client.resources<KubeEvent>(kinds.event), {
      controller: 'x',
      instance: 'y',
      logger: silentLogger(),
    });
    // A namespace that does not exist: the apiserver refuses the Event.
    await expect(
      rec.record(
        { kind: 'ConfigMap', metadata: { name: 'a', namespace: 'no-such-ns-zz' } },
        'Normal',
        'R',
        'n',
      ),
    ).resolves.toBeUndefined();
  });
});

describe('finalizers against the real apiserver', () => {
  it('adds and removes a finalizer, and refuses to clobber a concurrent change', async () => {
    const cms = configMaps(client);
    const cm = await cms.create({ metadata: { name: 'fin', namespace: ns } });
    const withFin = await addFinalizer(cms, cm, 'fledge.dev/cleanup');
    expect(hasFinalizer(withFin, 'fledge.dev/cleanup')).toBe(true);
    expect(await addFinalizer(cms, withFin, 'fledge.dev/cleanup')).toBe(withFin); // already there: no write
    // Someone else changes the object: our stale copy must not win.
    await cms.patch(ns, 'fin', { metadata: { finalizers: ['fledge.dev/cleanup', 'other.io/keep'] } });
    await expect(removeFinalizer(cms, withFin, 'fledge.dev/cleanup')).rejects.toMatchObject({ status: 409 });
    const fresh = await cms.get(ns, 'fin');
    const after = await removeFinalizer(cms, fresh, 'fledge.dev/cleanup');
    expect(after.metadata?.finalizers).toEqual(['other.io/keep']);
    await cms.patch(ns, 'fin', { metadata: { finalizers: null } });
  });
});
