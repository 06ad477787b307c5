import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';

describe('createLogger', () => {
  it('writes JSON with a word level, ISO time and child bindings', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger({ level: 'debug', destination: sink });
    log.child({ controller: 'canary', namespace: 'shop', name: 'a' }).debug({ step: 2 }, 'hello');
    log.trace('dropped');
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(rec).toMatchObject({
      level: 'debug',
      controller: 'canary',
      namespace: 'shop',
      name: 'a',
      step: 2,
      msg: 'hello',
    });
    expect(typeof rec.time).toBe('string');
    expect(Number.isNaN(Date.parse(rec.time as string))).toBe(false);
  });
});
