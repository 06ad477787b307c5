import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { realClock, type Clock } from './clock.js';
import { errorMessage, isNotFound } from './api-error.js';
import type { KubeObject, ResourceClient } from './resource-client.js';
import { PatchType } from './patch.js';

export type EventType = 'Normal' | 'Warning';

/** events.k8s.io/v1 Event, the fields Fledge writes. */
export interface KubeEvent extends KubeObject {
  eventTime: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  note?: string;
  type: EventType;
  regarding: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
  };
  series?: { count: number; lastObservedTime: string };
}

/** Go's metav1.MicroTime wants exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const SERIES_WINDOW_MS = 10 * 60_000;
const MAX_TRACKED = 4096;

/** What one new Event says; `newEvent` turns it into the events.k8s.io/v1 object. */
export interface NewEvent {
  regarding: KubeObject;
  reason: string;
  action: string;
  note: string;
  type: EventType;
  controller: string;
  instance: string;
  now: number;
}

/** A new events.k8s.io/v1 Event about `regarding` (pure but for its random name suffix). */
export function newEvent(e: NewEvent): KubeEvent {
  const md = e.regarding.metadata ?? {};
  return {
    metadata: {
      name: `${(md.name ?? 'object').slice(0, 200)}.${e.now.toString(16)}${randomBytes(2).toString('hex')}`,
      namespace: md.namespace || 'default',
    },
    eventTime: microTime(e.now),
    reportingController: e.controller,
    reportingInstance: e.instance.slice(0, 128),
    action: e.action,
    reason: e.reason,
    note: e.note.slice(0, 1024),
    type: e.type,
    regarding: {
      apiVersion: e.regarding.apiVersion,
      kind: e.regarding.kind,
      name: md.name,
      namespace: md.namespace,
      uid: md.uid,
      resourceVersion: md.resourceVersion,
    },
  };
}

/**
 * Records Kubernetes Events about objects. Repeats of the same event (same
 * object, type, reason and note) within ten minutes bump `series.count` on
 * the existing Event instead of creating a new one, as client-go's event
 * broadcaster does. Recording never throws: an Event is a courtesy to
 * people, and losing one must not fail a reconcile.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { namespace: string; name: string; count: number; last: number }>();
  private readonly clock: Clock;

  constructor(
    private readonly client: ResourceClient<KubeEvent>,
    private readonly opts: { controller: string; instance: string; logger: Logger; clock?: Clock },
  ) {
    this.clock = opts.clock ?? realClock;
  }

  async record(
    regarding: KubeObject,
    type: EventType,
    reason: string,
    note: string,
    action = reason,
  ): Promise<void> {
    const md = regarding.metadata ?? {};
    const key = [md.uid ?? `${md.namespace}/${md.name}`, type, reason, note].join('\u0000');
    const now = this.clock.now();
    try {
      const prev = this.seen.get(key);
      if (prev && now - prev.last < SERIES_WINDOW_MS) {
        const count = prev.count + 1;
        try {
          await this.client.patch(
            prev.namespace,
            prev.name,
            { series: { count, lastObservedTime: microTime(now) } },
            { type: PatchType.Merge },
          );
          this.remember(key, { ...prev, count, last: now });
          return;
        } catch (err) {
          if (!isNotFound(err)) throw err; // expired or deleted: start a new Event
        }
      }
      const event = newEvent({
        regarding,
        reason,
        action,
        note,
        type,
        controller: this.opts.controller,
        instance: this.opts.instance,
        now,
      });
      await this.client.create(event);
      const { namespace = 'default', name = '' } = event.metadata ?? {};
      this.remember(key, { namespace, name, count: 1, last: now });
    } catch (err) {
      this.opts.logger.warn(
        {
          err: errorMessage(err),
          reason,
          regarding: `${regarding.kind ?? '?'} ${md.namespace ?? ''}/${md.name ?? ''}`,
        },
        'could not record Event',
      );
    }
  }

  private remember(key: string, v: { namespace: string; name: string; count: number; last: number }): void {
    this.seen.delete(key);
    this.seen.set(key, v);
    // Map keeps insertion order: the first key is the least recently used.
    if (this.seen.size > MAX_TRACKED) this.seen.delete(this.seen.keys().next().value as string);
  }
}
