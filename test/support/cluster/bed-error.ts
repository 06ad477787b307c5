/**
 * A failure to build or start the bed, told in one plain line that names what
 * is missing or broken and what to run (`summary`), with the long story (a
 * compiler's output, a component's log tail) kept apart in `detail`. Whoever
 * reports it prints the detail first and the summary last, so the line a
 * person reads at the bottom of their terminal is the one that says what to do.
 */
export class BedError extends Error {
  override readonly name = 'BedError';

  constructor(
    readonly summary: string,
    readonly detail = '',
    options?: { cause?: unknown },
  ) {
    super(summary, options);
  }
}

/** The text to print for any error out of `up`/`build`: details, then one last plain line. */
export function describeBedFailure(err: unknown): { detail: string; summary: string } {
  if (err instanceof BedError) return { detail: err.detail, summary: err.summary };
  const message = err instanceof Error ? err.message : String(err);
  const [first = 'unknown error', ...rest] = message.split('\n');
  return { detail: rest.join('\n'), summary: first };
}
