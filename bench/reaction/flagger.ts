/**
 * Flagger, the polling design the issue compares with: built from its Go
 * module into ~/.cache/fledge/flagger (time-boxed, niced), then run by
 * flagger-run.ts on a private bed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ScenarioResult } from './scenario.js';

export const FLAGGER_MODULE = 'github.com/fluxcd/flagger/cmd/flagger@latest';
const dir = join(homedir(), '.cache', 'fledge', 'flagger');
export const flaggerBin = join(dir, 'flagger');
const BUILD_TIMEOUT_MS = 15 * 60_000;

export interface FlaggerStatus {
  /** `Flagger version 1.36.1 …` as the binary prints it. */
  version?: string;
  ran: boolean;
  result?: ScenarioResult;
  notes: string[];
}

/** The module version (`1.36.1`) in the binary's `-version` output. */
export function moduleVersion(status: FlaggerStatus): string | undefined {
  return /(\d+\.\d+\.\d+)/.exec(status.version ?? '')?.[1];
}

/** Builds Flagger when asked and missing; reports what binary there is. */
export async function flaggerStatus(opts: { build: boolean }): Promise<FlaggerStatus> {
  const run = promisify(execFile);
  const notes: string[] = [];
  if (!existsSync(flaggerBin) && opts.build) {
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
  if (existsSync(flaggerBin)) {
    version = await run(flaggerBin, ['-version'])
      .then((r) => r.stdout.trim() || r.stderr.trim())
      .catch((err: unknown) => `unknown (${String(err)})`);
    notes.push(
      `- Binary: \`${flaggerBin}\` (${version}), built from \`${FLAGGER_MODULE}\` with \`nice -n 10\`.`,
    );
  }
  return { version, ran: false, notes };
}
