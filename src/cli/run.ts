import { CONFIG_USAGE, parseConfig } from '../config.js';
import { runUntilSignal } from '../main.js';

export const runUsage = `Usage: fledge run [options]

Runs the Fledge operator until SIGTERM/SIGINT.

${CONFIG_USAGE}`;

/** `fledge run`: returns the process exit code. */
export async function runCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${runUsage}\n`);
    return 0;
  }
  return runUntilSignal(parseConfig(args));
}
