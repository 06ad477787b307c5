import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const satisfies readonly LevelWithSilent[];
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * JSON logs on stdout (what log collectors expect from a pod), with ISO
 * timestamps and the level as a word rather than pino's number. No pino
 * `name`: reconcile loggers bind `name` to the resource's name.
 */
export function createLogger(opts: { level?: LogLevel; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination ?? process.stdout,
  );
}

/** A logger that drops everything (unit tests, library use without logging). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
