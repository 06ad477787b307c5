/**
 * Small pieces of the demo: output, the example Canary sped up for a demo,
 * and waiting for a Canary phase.
 */
import { kubectlRun } from '../../test/support/kubectl.js';

export interface Outcome {
  what: string;
  ok: boolean;
  detail: string;
}

const bold = process.stdout.isTTY ? (s: string) => `\x1b[1m${s}\x1b[0m` : (s: string) => s;

export function header(step: string, text: string): void {
  process.stdout.write(`\n${bold(`==> [${step}] ${text}`)}\n`);
}

export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/**
 * The example as written steps every 30 s over 1 m windows (minutes per
 * release); the demo keeps everything else and shortens those, so a release
 * takes about a minute. Other objects pass unchanged.
 */
export function demoCanary(obj: Record<string, unknown>): Record<string, unknown> {
  if (obj['kind'] !== 'Canary') return obj;
  const spec = obj['spec'] as { analysis: Record<string, unknown>; progressDeadlineSeconds?: number };
  const metrics = (spec.analysis['metrics'] as Record<string, unknown>[] | undefined) ?? [];
  return {
    ...obj,
    spec: {
      ...spec,
      analysis: {
        ...spec.analysis,
        interval: '5s',
        threshold: 2,
        minRequests: 10,
        metrics: metrics.map((m) => ({ ...m, interval: '15s' })),
      },
    },
  };
}

/**
 * Polls the Canary's phase until it is `phase`. Exact on purpose: after a
 * release the Canary sits in Succeeded or Failed, which must not pass for the
 * next release's progress (a step lasts seconds, a poll 250 ms).
 */
export async function waitFor(ns: string, phase: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await kubectlRun(['-n', ns, 'get', 'canary', 'podinfo', '-o', 'jsonpath={.status.phase}']);
    last = res.stdout.trim();
    if (res.code === 0 && last === phase) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Canary ${ns}/podinfo: still ${last || 'without a phase'} after ${timeoutMs / 1000} s, expected ${phase}`,
  );
}
