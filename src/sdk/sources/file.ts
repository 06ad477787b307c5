import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FlagSource, SourceListener } from './types.js';
import { SourceError } from './types.js';

export interface FileSourceOptions {
  /** Path of flags.json, e.g. `/etc/fledge/flags.json` (a ConfigMap volume mount). */
  path: string;
  /** Re-read this often even without a filesystem event (missed events, NFS). Default 5000 ms; 0 disables. */
  pollIntervalMs?: number;
  /** Coalesces the burst of events of one kubelet update into one read. Default 25 ms. */
  debounceMs?: number;
}

/**
 * flags.json from a mounted ConfigMap. The kubelet never rewrites the file:
 * it writes a new timestamped directory and atomically swaps the `..data`
 * symlink that `flags.json` points through. Watching the file itself would
 * keep watching the old inode, so the *directory* is watched and the path is
 * re-read (following the symlinks) on every event.
 */
export class FileSource implements FlagSource {
  readonly name: string;
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private last: string | undefined;
  private lastError: string | undefined;
  private closed = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly options: FileSourceOptions) {
    this.name = `file:${options.path}`;
  }

  async start(listener: SourceListener): Promise<void> {
    const dir = dirname(this.options.path);
    try {
      this.watcher = watch(dir, { persistent: false }, () => this.schedule(listener));
      this.watcher.on('error', (err) =>
        listener.error(new SourceError(this.name, `watch failed: ${err.message}`, { cause: err })),
      );
    } catch (err) {
      listener.error(
        new SourceError(this.name, `cannot watch ${dir}: ${(err as Error).message}`, { cause: err }),
      );
    }
    const every = this.options.pollIntervalMs ?? 5000;
    if (every > 0) {
      this.poller = setInterval(() => this.schedule(listener), every);
      this.poller.unref();
    }
    await this.read(listener);
  }

  private schedule(listener: SourceListener): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.read(listener), this.options.debounceMs ?? 25);
    this.debounce.unref();
  }

  /** Reads serially so an older read never overtakes a newer one. */
  private read(listener: SourceListener): Promise<void> {
    this.reading = this.reading.then(async () => {
      if (this.closed) return;
      let text: string;
      try {
        text = await readFile(this.options.path, 'utf8');
      } catch (err) {
        const message = `cannot read: ${(err as Error).message}`;
        // A missing file is reported once, not at every poll.
        if (message !== this.lastError) listener.error(new SourceError(this.name, message, { cause: err }));
        this.lastError = message;
        return;
      }
      this.lastError = undefined;
      if (text === this.last) return;
      this.last = text;
      listener.config(text);
    });
    return this.reading;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    clearInterval(this.poller);
    clearTimeout(this.debounce);
    await this.reading;
  }
}

export function fileSource(pathOrOptions: string | FileSourceOptions): FileSource {
  return new FileSource(typeof pathOrOptions === 'string' ? { path: pathOrOptions } : pathOrOptions);
}
