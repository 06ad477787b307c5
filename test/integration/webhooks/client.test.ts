/**
 * The webhook client against a real HTTP server on 127.0.0.1: payload on the
 * wire, 2xx / non-2xx, retries, timeout, and the SSRF refusal.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookClient } from '../../../src/webhooks/client.js';
import { webhookPayload } from '../../../src/webhooks/payload.js';

interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

let server: Server;
let base: string;
let received: Received[] = [];
let reply: (req: IncomingMessage, res: ServerResponse, n: number) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(text || 'null'),
      });
      reply(req, res, received.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  received = [];
  reply = (_req, res) => res.writeHead(200).end('ok');
});

const payload = webhookPayload({
  canary: { name: 'podinfo', namespace: 'shop' },
  phase: 'Progressing',
  checksum: '7f3c',
  type: 'confirm-promotion',
  metadata: { approver: 'ops' },
});
const client = createWebhookClient({ backoffMs: 10 });

describe('webhook client', () => {
  it('POSTs the Flagger payload as JSON; 2xx allows', async () => {
    reply = (_req, res) => res.writeHead(202).end();
    const out = await client.call({ url: `${base}/gate/approve`, payload });
    expect(out).toEqual({ allowed: true, status: 202, attempts: 1 });
    expect(received).toEqual([
      {
        path: '/gate/approve',
        contentType: expect.stringContaining('application/json'),
        body: {
          name: 'podinfo',
          namespace: 'shop',
          phase: 'Progressing',
          checksum: '7f3c',
          type: 'confirm-promotion',
          metadata: { approver: 'ops' },
        },
      },
    ]);
  });

  it('a 403 is a no with the reason, and is not retried', async () => {
    reply = (_req, res) => res.writeHead(403).end('not approved yet');
    const out = await client.call({ url: `${base}/gate`, payload, retries: 3 });
    expect(out).toEqual({ allowed: false, status: 403, error: 'HTTP 403: not approved yet', attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it('a 5xx is retried with backoff until it succeeds', async () => {
    reply = (_req, res, n) => res.writeHead(n < 3 ? 503 : 200).end();
    const out = await client.call({ url: `${base}/flaky`, payload, retries: 3 });
    expect(out).toEqual({ allowed: true, status: 200, attempts: 3 });
  });

  it('retries are bounded', async () => {
    reply = (_req, res) => res.writeHead(500).end('boom');
    const out = await client.call({ url: `${base}/down`, payload, retries: 2 });
    expect(out).toMatchObject({ allowed: false, status: 500, attempts: 3, error: 'HTTP 500: boom' });
    expect(received).toHaveLength(3);
  });

  it('a hook that does not answer in time is a no: timed out', async () => {
    reply = () => undefined; // never answers
    const out = await client.call({ url: `${base}/slow`, payload, timeoutMs: 200 });
    expect(out).toMatchObject({ allowed: false, attempts: 1 });
    expect(out.error).toMatch(/timed out after 200 ms/);
  });

  it('a redirect is not followed (it could lead past the SSRF guard)', async () => {
    reply = (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    const out = await client.call({ url: `${base}/redirect`, payload });
    expect(out).toMatchObject({ allowed: false, status: 302 });
  });

  it('a closed port is a no with the network error', async () => {
    const out = await client.call({ url: 'http://127.0.0.1:1/', payload });
    expect(out).toMatchObject({ allowed: false });
    expect(out.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses the cloud metadata address without sending anything', async () => {
    const out = await client.call({ url: 'http://169.254.169.254/latest/meta-data/iam/', payload });
    expect(out).toMatchObject({ allowed: false, attempts: 0 });
    expect(out.error).toMatch(/^refused: .*169\.254\.169\.254/);
  });

  it('resolves a hostname with the real resolver, checks it, then calls it', async () => {
    const out = await client.call({ url: `http://localhost:${new URL(base).port}/via-dns`, payload });
    expect(out).toMatchObject({ allowed: true, status: 200 });
  });
});
