import type { FlagdConfig } from '../types.js';
import type { FlagSource, SourceListener } from './types.js';

/**
 * Flags held in memory: for tests, for flags shipped inside the workload,
 * or for a custom loader that calls `set()` whenever it has a new version.
 */
export class MemorySource implements FlagSource {
  readonly name = 'memory';
  private listener: SourceListener | undefined;

  constructor(private current: FlagdConfig | string) {}

  start(listener: SourceListener): Promise<void> {
    this.listener = listener;
    listener.config(this.current);
    return Promise.resolve();
  }

  /** Replaces the flags; the client recompiles them and emits `change` (or `error` if they are invalid). */
  set(config: FlagdConfig | string): void {
    this.current = config;
    this.listener?.config(config);
  }

  close(): Promise<void> {
    this.listener = undefined;
    return Promise.resolve();
  }
}

export function memorySource(config: FlagdConfig | string): MemorySource {
  return new MemorySource(config);
}
