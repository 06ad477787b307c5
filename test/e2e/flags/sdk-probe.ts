/**
 * A workload, as a separate Node process: evaluates flags with Fledge's SDK
 * through the ConfigMap API source, the way an application would. The test
 * drives it with one JSON command per stdin line and reads one JSON answer
 * per stdout line (`{ id, ... }`).
 *
 * Usage: KUBECONFIG=… node --import tsx sdk-probe.ts <namespace> <configmap>
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { configMapSource, createClient } from '../../../src/sdk/index.js';
import type { EvaluationContext, FlagValue } from '../../../src/sdk/index.js';

const [namespace, name] = process.argv.slice(2);
if (!namespace || !name) {
  process.stderr.write('usage: sdk-probe.ts <namespace> <configmap>\n');
  process.exit(2);
}

const client = createClient({ source: configMapSource({ namespace, name }), metrics: false });

type Command =
  | { id: number; cmd: 'ready' }
  | { id: number; cmd: 'eval'; flag: string; default: FlagValue; contexts: EvaluationContext[] }
  | { id: number; cmd: 'split'; flag: string; default: FlagValue; keys: string[] }
  | {
      id: number;
      cmd: 'waitFor';
      flag: string;
      default: FlagValue;
      context: EvaluationContext;
      value: FlagValue;
      reason?: string;
      timeoutMs: number;
    };

const reply = (msg: object): void => {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
};

function evaluate(flag: string, dflt: FlagValue, ctx: EvaluationContext) {
  const d = client.evaluate(flag, dflt, ctx);
  return { value: d.value, variant: d.variant, reason: d.reason, errorCode: d.errorCode };
}

async function handle(c: Command): Promise<void> {
  switch (c.cmd) {
    case 'ready':
      await client.ready();
      return reply({ id: c.id, flags: client.flagKeys() });
    case 'eval':
      return reply({ id: c.id, results: c.contexts.map((ctx) => evaluate(c.flag, c.default, ctx)) });
    case 'split': {
      const counts: Record<string, number> = {};
      const digest = createHash('sha256');
      for (const key of c.keys) {
        const variant = String(evaluate(c.flag, c.default, { targetingKey: key }).variant);
        counts[variant] = (counts[variant] ?? 0) + 1;
        digest.update(`${key}=${variant}\n`);
      }
      return reply({ id: c.id, counts, digest: digest.digest('hex') });
    }
    case 'waitFor': {
      const matches = (): boolean => {
        const r = evaluate(c.flag, c.default, c.context);
        return r.value === c.value && (c.reason === undefined || r.reason === c.reason);
      };
      if (matches()) return reply({ id: c.id, at: Date.now(), already: true });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          client.off('change', onChange);
          reply({ id: c.id, timeout: true, last: evaluate(c.flag, c.default, c.context) });
          resolve();
        }, c.timeoutMs);
        const onChange = (): void => {
          if (!matches()) return;
          const at = Date.now();
          clearTimeout(timer);
          client.off('change', onChange);
          reply({ id: c.id, at });
          resolve();
        };
        client.on('change', onChange);
      });
      return;
    }
  }
}

client.on('error', (err) => process.stderr.write(`sdk: ${err.message}\n`));
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const c = JSON.parse(line) as Command;
  handle(c).catch((err: unknown) => reply({ id: c.id, error: String(err) }));
});
lines.on('close', () => process.exit(0));
