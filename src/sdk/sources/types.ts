/** Where a source delivers what it reads. */
export interface SourceListener {
  /** A new version of flags.json (text as read, or an already parsed object). */
  config(payload: string | object): void;
  /** Something went wrong reading or watching; the last good config stays in use. */
  error(err: Error): void;
}

/**
 * A place flags.json comes from. `start` delivers the current config (or an
 * error) before it resolves, then keeps watching until `close`.
 */
export interface FlagSource {
  /** Names the source in errors and logs, e.g. `file:/etc/flags/flags.json`. */
  readonly name: string;
  start(listener: SourceListener): Promise<void>;
  close(): Promise<void>;
}

/** An error that names the source it came from. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}
