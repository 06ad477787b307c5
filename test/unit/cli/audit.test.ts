import { describe, expect, it } from 'vitest';
import { CLI_CONTROLLER, auditEvent } from '../../../src/cli/audit.js';

describe('auditEvent', () => {
  it('is an events.k8s.io Event about the object, from the CLI', () => {
    const now = Date.parse('2026-01-01T00:00:00.123Z');
    const e = auditEvent(
      {
        apiVersion: 'fledge.dev/v1alpha1',
        kind: 'FeatureFlag',
        metadata: { name: 'x', namespace: 'shop', uid: 'u1', resourceVersion: '7' },
      },
      'FlagChangedByCLI',
      'FeatureFlag shop/x: state ENABLED → DISABLED by alice',
      now,
    );
    expect(e).toMatchObject({
      metadata: { namespace: 'shop' },
      eventTime: '2026-01-01T00:00:00.123000Z',
      reportingController: CLI_CONTROLLER,
      reason: 'FlagChangedByCLI',
      action: 'FlagChangedByCLI',
      type: 'Normal',
      note: 'FeatureFlag shop/x: state ENABLED → DISABLED by alice',
      regarding: {
        apiVersion: 'fledge.dev/v1alpha1',
        kind: 'FeatureFlag',
        name: 'x',
        namespace: 'shop',
        uid: 'u1',
      },
    });
    expect(e.metadata?.name).toMatch(/^x\.[0-9a-f]+$/);
    expect(e.reportingInstance.length).toBeLessThanOrEqual(128);
  });

  it('keeps the note within the API limit', () => {
    const e = auditEvent({ metadata: { name: 'x', namespace: 'a' } }, 'R', 'n'.repeat(5000), 0);
    expect(e.note).toHaveLength(1024);
  });
});
