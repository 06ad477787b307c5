/**
 * What every `fledge` command shares: where it writes (injectable, so tests
 * read what a user would see) and one error boundary that prints a single
 * clear line instead of a stack trace.
 */
import { EXIT, UsageError, explain } from './errors.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stdout is a terminal: redraw in place, colour allowed. */
  isTTY: boolean;
  columns: number;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  get columns() {
    return process.stdout.columns || 80;
  },
};

export type CommandFn = (args: readonly string[], io: Io) => Promise<number>;

/**
 * A command with `--help` and the error boundary. `name` is how the user
 * typed it (`flags rollout`), used in messages.
 */
export function command(name: string, usage: string, fn: CommandFn) {
  return async (args: readonly string[], io: Io = processIo): Promise<number> => {
    if (args.includes('--help') || args.includes('-h')) {
      io.out(`${usage.trimEnd()}\n`);
      return EXIT.ok;
    }
    try {
      return await fn(args, io);
    } catch (err) {
      const { message, exitCode } = explain(err);
      const hint = err instanceof UsageError ? `\nRun "fledge ${name} --help" for usage.` : '';
      io.err(`fledge ${name}: ${message}${hint}\n`);
      return exitCode;
    }
  };
}
