import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { RuntimeMetrics } from '../observability/metrics.js';
import type { KubeClient } from './client.js';
import type { Controller } from './controller.js';
import { EventRecorder, type KubeEvent } from './events.js';
import { InformerFactory } from './informer-factory.js';
import { kinds } from './resource-kind.js';

/** What a controller factory gets to build its controller from. */
export interface ControllerContext {
  client: KubeClient;
  informers: InformerFactory;
  events: EventRecorder;
  logger: Logger;
  metrics: RuntimeMetrics;
  config: Config;
}

/** Builds one controller; registered in src/main.ts with one line. */
export type ControllerFactory = (ctx: ControllerContext) => Controller;

/**
 * Owns the controllers of one process and the informers they share:
 * starts them when this replica may act (leading, or no election) and
 * stops them in order on shutdown (drain work first, then the watches).
 */
export class Manager {
  private controllers: Controller[] = [];
  private informers: InformerFactory | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly opts: {
      client: KubeClient;
      config: Config;
      logger: Logger;
      metrics: RuntimeMetrics;
      factories: readonly ControllerFactory[];
    },
  ) {}

  /** Builds and starts every registered controller; returns without waiting for caches to sync. */
  start(): void {
    if (this.running) return;
    const { client, config, logger, metrics } = this.opts;
    const informers = new InformerFactory(client, { namespaces: config.namespaces, logger });
    const events = new EventRecorder(client.resources<KubeEvent>(kinds.event), {
      controller: 'fledge.dev/fledge',
      instance: config.leaderElectionIdentity,
      logger,
    });
    const ctx: ControllerContext = { client, informers, events, logger, metrics, config };
    this.informers = informers;
    this.controllers = this.opts.factories.map((f) => f(ctx));
    informers.start();
    this.running = Promise.all(
      this.controllers.map((c) =>
        c
          .start()
          .catch((err: unknown) =>
            logger.error({ controller: c.name, err: String(err) }, 'controller failed to start'),
          ),
      ),
    );
    logger.info({ controllers: this.controllers.map((c) => c.name) }, 'controllers starting');
  }

  /** Ready when nothing runs here yet (standby) or every cache has synced. */
  ready(): string | undefined {
    if (!this.informers || this.informers.hasSynced()) return undefined;
    return 'informer caches not synced yet';
  }

  async stop(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stop()));
    await this.informers?.stop();
  }
}
