import { describe, expect, it } from 'vitest';
import { microTime } from '../../../src/kube/events.js';

describe('microTime', () => {
  it('has exactly six fractional digits as metav1.MicroTime requires', () => {
    expect(microTime(Date.parse('2026-03-01T10:00:00.123Z'))).toBe('2026-03-01T10:00:00.123000Z');
    expect(microTime(Date.parse('2026-03-01T10:00:00Z'))).toBe('2026-03-01T10:00:00.000000Z');
  });
});
