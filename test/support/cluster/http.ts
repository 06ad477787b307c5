/** A tiny GET for readiness probes: plain http, or https with our CA and a client cert. */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ClientTls {
  ca?: string;
  cert?: string;
  key?: string;
  /** Components with self-signed serving certs (controller-manager, scheduler). */
  insecure?: boolean;
}

export function get(
  url: string,
  tls?: ClientTls,
  timeoutMs = 2000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const opts = {
      method: 'GET',
      timeout: timeoutMs,
      ...(u.protocol === 'https:'
        ? {
            ca: tls?.ca ? readFileSync(tls.ca) : undefined,
            cert: tls?.cert ? readFileSync(tls.cert) : undefined,
            key: tls?.key ? readFileSync(tls.key) : undefined,
            rejectUnauthorized: !tls?.insecure,
          }
        : {}),
    };
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout`)));
    req.on('error', reject);
    req.end();
  });
}

export async function isOk(url: string, tls?: ClientTls): Promise<boolean> {
  try {
    return (await get(url, tls)).status === 200;
  } catch {
    return false;
  }
}
