/**
 * Flagger, the polling design the issue compares with: built from its Go
 * module into ~/.cache/fledge/flagger (time-boxed, niced). It is built but not
 * run on the shared bed, for the reason `notes` gives.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const FLAGGER_MODULE = 'github.com/fluxcd/flagger/cmd/flagger@latest';
const dir = join(homedir(), '.cache', 'fledge', 'flagger');
const bin = join(dir, 'flagger');
const BUILD_TIMEOUT_MS = 15 * 60_000;

export interface FlaggerStatus {
  version?: string;
  ran: boolean;
  notes: string[];
}

export async function flaggerStatus(opts: { build: boolean }): Promise<FlaggerStatus> {
  const run = promisify(execFile);
  const notes: string[] = [];
  if (!existsSync(bin) && opts.build) {
    mkdirSync(dir, { recursive: true });
    const t = Date.now();
    try {
      await run('nice', ['-n', '10', 'go', 'install', FLAGGER_MODULE], {
        env: { ...process.env, GOBIN: dir },
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: 16 << 20,
      });
      notes.push(`- Built \`go install ${FLAGGER_MODULE}\` in ${Math.round((Date.now() - t) / 1000)} s.`);
    } catch (err) {
      notes.push(
        `- \`go install ${FLAGGER_MODULE}\` failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  let version: string | undefined;
  if (existsSync(bin)) {
    version = await run(bin, ['-version'])
      .then((r) => r.stdout.trim() || r.stderr.trim())
      .catch((err: unknown) => `unknown (${String(err)})`);
    notes.push(`- Binary: \`${bin}\` (${version}), built from \`${FLAGGER_MODULE}\` with \`nice -n 10\`.`);
  } else if (!opts.build) {
    notes.push('- Quick mode does not build Flagger.');
  }
  notes.push(
    '- **Not run on the test bed.** Flagger needs its CRDs (`artifacts/flagger/crd.yaml`), which define `canaries.flagger.app` and `metrictemplates.flagger.app`. Fledge’s CRDs use the same plural and singular names (`canaries`/`canary`, `metrictemplates`/`metrictemplate`) in `fledge.dev`. With both installed, `kubectl get canary` resolves to one group by discovery order (`flagger.app` sorts first), so installing Flagger on the shared bed would change what every other user’s `kubectl get canary …` means while their tests run. This benchmark therefore does not install it.',
    '- What Flagger’s design implies, from its source (v1.36.1, `pkg/controller/scheduler.go` and `job.go`): each Canary gets a `time.Ticker` at `analysis.interval`, and the whole state machine — noticing a new revision, scaling the canary up, running the checks, moving the weight — runs on that tick. A template change therefore waits up to one interval (Flagger’s default 1 min; 10 s here would mean 0–10 s, 5 s on average) before the first action, against Fledge’s watch-triggered reconcile above. Checks and the weight change run in the same tick in both designs, so “judged → weight” is comparable; the difference is when the judging happens.',
    '- Next step: run the same scenario against a private bed (the `test/support/cluster` control plane started in its own directory, with Flagger’s CRDs only) and report Flagger’s measured figures next to Fledge’s.',
  );
  return { version, ran: false, notes };
}
