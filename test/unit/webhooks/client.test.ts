import { describe, expect, it } from 'vitest';
import { createWebhookClient } from '../../../src/webhooks/client.js';
import { webhookPayload } from '../../../src/webhooks/payload.js';

describe('webhookPayload', () => {
  it("is Flagger's payload", () => {
    expect(
      webhookPayload({
        canary: { name: 'podinfo', namespace: 'shop' },
        phase: 'Progressing',
        checksum: 'abc123',
        type: 'confirm-promotion',
        metadata: { cmd: 'hey' },
      }),
    ).toEqual({
      name: 'podinfo',
      namespace: 'shop',
      phase: 'Progressing',
      checksum: 'abc123',
      type: 'confirm-promotion',
      metadata: { cmd: 'hey' },
    });
  });

  it('carries the event message of event hooks in metadata', () => {
    const p = webhookPayload({
      canary: { name: 'podinfo', namespace: 'shop' },
      phase: 'Failed',
      checksum: 'c',
      type: 'event',
      eventMessage: 'Canary shop/podinfo: error-rate 20 is above the maximum 1',
      eventType: 'Warning',
    });
    expect(p.metadata).toEqual({
      eventMessage: 'Canary shop/podinfo: error-rate 20 is above the maximum 1',
      eventType: 'Warning',
    });
  });

  it('has no metadata key when there is none', () => {
    const p = webhookPayload({
      canary: { name: 'a', namespace: 'b' },
      phase: 'Progressing',
      checksum: 'c',
      type: 'rollout',
    });
    expect(p).not.toHaveProperty('metadata');
  });
});

describe('the SSRF guard comes before any request', () => {
  const payload = webhookPayload({
    canary: { name: 'a', namespace: 'b' },
    phase: 'Progressing',
    checksum: 'c',
    type: 'rollout',
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', [], /link-local|metadata/],
    ['http://metadata.google.internal/computeMetadata/v1/', [], /metadata host/],
    ['http://hooks.example/approve', ['169.254.169.254'], /169\.254\.169\.254/],
  ])('%s (resolving to %j) is refused', async (url, addresses, reason) => {
    const resolved: string[] = [];
    const client = createWebhookClient({
      resolve: (host) => {
        resolved.push(host);
        return Promise.resolve(addresses);
      },
    });
    const out = await client.call({ url, payload });
    expect(out).toMatchObject({ allowed: false, attempts: 0 });
    expect(out.error).toMatch(reason);
  });

  it('a host that does not resolve is a no, with the reason', async () => {
    const client = createWebhookClient({
      resolve: () => Promise.reject(new Error('ENOTFOUND nowhere.invalid')),
    });
    const out = await client.call({ url: 'http://nowhere.invalid/', payload });
    expect(out).toMatchObject({ allowed: false, attempts: 0 });
    expect(out.error).toMatch(/cannot resolve nowhere\.invalid: ENOTFOUND/);
  });

  it('an explicitly allowed host passes the guard even when it resolves to a link-local address', async () => {
    // The guard sees a link-local address; the request itself goes to a name
    // under .invalid that never resolves, so no packet leaves this machine.
    const client = createWebhookClient({
      ssrf: { allowedHosts: ['hooks.invalid'] },
      resolve: () => Promise.resolve(['169.254.10.10']),
      backoffMs: 0,
    });
    const out = await client.call({ url: 'http://hooks.invalid:1/', payload, timeoutMs: 200 });
    expect(out.attempts).toBe(1);
    expect(out.allowed).toBe(false);
    expect(out.error).not.toMatch(/refused:/);
  });
});
