#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { FledgeError } from '../api/errors.js';
import { fledgeVersion } from '../observability/build-info.js';
import { canaryActionCommand } from './canary-actions.js';
import { flagsCommand } from './flags.js';
import { lintCommand } from './lint.js';
import { runCommand } from './run.js';
import { statusCommand } from './status.js';
import { watchCommand } from './watch.js';

export interface Command {
  summary: string;
  run(args: readonly string[]): Promise<number>;
}

/** Subcommands of `fledge`; add one with one line. */
export const commands: Record<string, Command> = {
  run: { summary: 'run the operator', run: runCommand },
  status: { summary: 'show canaries: phase, weight, failed checks, metrics', run: statusCommand },
  watch: { summary: "follow a canary's rollout live (watch canary NAME)", run: watchCommand },
  promote: { summary: 'promote a canary now (promote canary NAME)', run: canaryActionCommand('promote') },
  abort: { summary: 'roll a canary back now (abort canary NAME)', run: canaryActionCommand('abort') },
  pause: { summary: 'hold a canary where it is (pause canary NAME)', run: canaryActionCommand('pause') },
  resume: { summary: 'continue a paused canary (resume canary NAME)', run: canaryActionCommand('resume') },
  retry: {
    summary: 'roll out a failed revision again (retry canary NAME)',
    run: canaryActionCommand('retry'),
  },
  flags: {
    summary: 'feature flags: list, get, eval, enable, disable, rollout, rearm, results',
    run: flagsCommand,
  },
  lint: { summary: 'validate Fledge YAML offline (for CI)', run: lintCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `Usage: fledge <command> [options]\n\nCommands:\n${list}\n\nRun "fledge <command> --help" for a command's options.\n`;
}

/** Dispatches argv (without node and script) to a command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`fledge ${fledgeVersion()}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`fledge: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fledge ${name}: ${msg}\n`);
    return err instanceof FledgeError && err.code === 'InvalidConfig' ? 2 : 1;
  }
}

/** True when this file is the process entry (not imported by a test). */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`fledge: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
