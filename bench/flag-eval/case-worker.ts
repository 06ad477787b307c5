/**
 * Runs one (peer, shape) case in a fresh process and prints its Measurement
 * as JSON (or `null` when the peer cannot express the shape). A fresh process
 * per case gives each case its own JIT state: in one shared process the
 * harness's `op(i)` call site sees every peer's closure and goes megamorphic,
 * which costs the fastest evaluators the most.
 */
import { measure, measureAsync } from '../lib/measure.js';
import type { MeasureOptions } from '../lib/measure.js';
import { PEERS } from './run-cases.js';
import { SHAPES, userPool } from './shapes.js';
import type { Shape } from './shapes.js';

async function main([peerName, shapeName, optsJson]: string[]): Promise<void> {
  const peer = PEERS.find((p) => p.name === peerName);
  const shape = SHAPES.find((s): s is Shape => s === shapeName);
  if (!peer || !shape || !optsJson) throw new Error(`usage: case-worker <peer> <shape> <options json>`);
  const opts = JSON.parse(optsJson) as MeasureOptions;
  const evaluate = await peer.prepare(shape, userPool());
  const result = !evaluate
    ? null
    : peer.async
      ? await measureAsync(evaluate as (i: number) => Promise<unknown>, opts)
      : measure(evaluate, opts);
  await peer.close?.();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
