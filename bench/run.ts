/**
 * Benchmark runner: `tsx bench/run.ts [name…] [--quick] [--large]`. With no
 * names it runs every benchmark; each writes bench/results/<name>.md.
 * `--large` makes scale measure 2,000/10,000 too (about 40 minutes on a
 * private bed); without it scale.md shows the stored result of that point.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFlagEval } from './flag-eval/index.js';
import { runPropagation } from './propagation/index.js';
import { runReaction } from './reaction/index.js';
import { runScale } from './scale/index.js';

interface Benchmark {
  run(opts: { quick: boolean; command: string; out: string; large: boolean }): Promise<unknown>;
}

/** Benchmarks 2–4 drive the test bed (`npm run testbed:up` first). */
const BENCHMARKS: Record<string, Benchmark> = {
  'flag-evaluation': { run: runFlagEval },
  propagation: { run: runPropagation },
  reaction: { run: runReaction },
  scale: { run: runScale },
};

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  // scale: also measure 2,000/10,000 on a private bed (long); otherwise its stored result is shown.
  const large = argv.includes('--large');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    return 2;
  }
  const command = `npx tsx bench/run.ts ${argv.join(' ')}`.trim();
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    // Quick runs are smoke checks: their figures mean nothing, so they stay out of the work tree.
    const out = quick
      ? join(tmpdir(), `fledge-bench-${name}.quick.md`)
      : fileURLToPath(new URL(`./results/${name}.md`, import.meta.url));
    console.log(`running ${name}${quick ? ' (quick)' : ''}…`);
    await BENCHMARKS[name]!.run({ quick, command, out, large });
    console.log(`wrote ${out}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
