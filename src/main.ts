import type { Config } from './config.js';
import { errorMessage } from './kube/api-error.js';
import { featureFlagController } from './flags/controller.js';
import { createKubeClient, loadKubeConfig } from './kube/client.js';
import { LeaderElector, type Lease } from './kube/leader-election.js';
import { Manager, type ControllerFactory } from './kube/manager.js';
import { canaryController } from './canary/controller.js';
import { kinds } from './kube/resource-kind.js';
import { fledgeVersion } from './observability/build-info.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { startObservabilityServer } from './observability/server.js';

/**
 * The controllers this operator runs. Adding one is one line:
 * `import { canaryController } from './canary/controller.js'` and list it here.
 */
export const controllerFactories: ControllerFactory[] = [featureFlagController, canaryController];

/** Shutdown must finish well inside Kubernetes' default 30 s grace period; we promise 10. */
const SHUTDOWN_TIMEOUT_MS = 9_000;

export interface Operator {
  /** Stops work, drains in-flight reconciles, releases the Lease. Idempotent. */
  stop(): Promise<void>;
  /** Resolves with the exit code once the operator has stopped (signal, lost lease, …). */
  exited: Promise<number>;
  metricsAddress: string;
}

/** config → logger → client → metrics server → leader election → controllers. */
export async function startOperator(
  config: Config,
  opts: { factories?: readonly ControllerFactory[]; logger?: Logger } = {},
): Promise<Operator> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const version = fledgeVersion();
  const metrics = createMetrics({ version, defaultMetrics: true });
  const client = createKubeClient(loadKubeConfig(config.kubeconfig));
  const manager = new Manager({
    client,
    config,
    logger,
    metrics,
    factories: opts.factories ?? controllerFactories,
  });

  let elector: LeaderElector | undefined;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((r) => (resolveExit = r));
  let stopping: Promise<void> | undefined;

  const server = await startObservabilityServer({
    addr: config.metricsAddr,
    registry: metrics.registry,
    readiness: [{ name: 'informers', check: () => manager.ready() }],
  });
  logger.info(
    {
      version,
      metricsAddr: server.address,
      namespaces: config.namespaces.length ? config.namespaces : 'all',
    },
    'fledge starting',
  );

  const stop = (code = 0): Promise<void> => {
    stopping ??= (async () => {
      logger.info('shutting down: finishing in-flight reconciles');
      try {
        await manager.stop();
        await elector?.release();
      } catch (err) {
        logger.error({ err: String(err) }, 'error during shutdown');
        code = code || 1;
      }
      await server.close();
      client.close();
      logger.info({ code }, 'fledge stopped');
      resolveExit(code);
    })();
    return stopping;
  };

  if (config.leaderElect) {
    metrics.leader.set({ id: config.leaderElectionIdentity }, 0);
    elector = new LeaderElector({
      client: client.resources<Lease>(kinds.lease),
      namespace: config.leaderElectionNamespace,
      name: config.leaderElectionId,
      identity: config.leaderElectionIdentity,
      logger,
      onStartedLeading: () => {
        metrics.leader.set({ id: config.leaderElectionIdentity }, 1);
        try {
          manager.start();
        } catch (err) {
          logger.error({ err: errorMessage(err) }, 'could not start controllers');
          void stop(1);
        }
      },
      onStoppedLeading: (reason) => {
        metrics.leader.set({ id: config.leaderElectionIdentity }, 0);
        // Another replica may already act: stop at once and let Kubernetes restart us as a standby.
        if (reason === 'lost') void stop(1);
      },
      onNewLeader: (id) => logger.info({ leader: id }, 'leader observed'),
    });
    elector.start();
  } else {
    manager.start();
  }

  return { stop: () => stop(0), exited, metricsAddress: server.address };
}

/** Runs until SIGTERM/SIGINT, then shuts down within the timeout. Returns the exit code. */
export async function runUntilSignal(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logLevel });
  const op = await startOperator(config, { logger });
  const onSignal = (sig: NodeJS.Signals): void => {
    logger.info({ signal: sig }, 'signal received');
    const hard = setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    hard.unref();
    void op.stop();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const code = await op.exited;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  return code;
}
