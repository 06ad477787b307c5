/**
 * Calls one webhook: SSRF check on the resolved addresses, POST with a
 * timeout, retries with backoff. Never throws: the outcome says whether the
 * hook allowed the step (HTTP 2xx) and, when not, why.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import axios from 'axios';
import { checkWebhookUrl, type SsrfOptions } from './ssrf.js';
import type { WebhookPayload } from './payload.js';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookOutcome {
  /** HTTP 2xx. Anything else (refused URL, timeout, network error, non-2xx) is a no. */
  allowed: boolean;
  status?: number | undefined;
  error?: string | undefined;
  /** Calls made (1 + retries used). */
  attempts: number;
}

export interface WebhookCall {
  url: string;
  payload: WebhookPayload;
  timeoutMs?: number | undefined;
  /** Extra attempts after a failed one. */
  retries?: number | undefined;
}

export interface WebhookClientOptions {
  ssrf?: SsrfOptions | undefined;
  /** First backoff delay; doubles each retry. */
  backoffMs?: number | undefined;
  /** Resolves a hostname to addresses; dns.lookup by default. */
  resolve?: ((host: string) => Promise<string[]>) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface WebhookClient {
  call(call: WebhookCall): Promise<WebhookOutcome>;
}

async function dnsResolve(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createWebhookClient(options: WebhookClientOptions = {}): WebhookClient {
  const resolve = options.resolve ?? dnsResolve;
  const sleep = options.sleep ?? delay;
  const backoffMs = options.backoffMs ?? 500;

  async function guard(url: string): Promise<string | undefined> {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return checkWebhookUrl(url, [], options.ssrf).allowed ? undefined : `webhook URL "${url}" is invalid`;
    }
    let addresses: string[] = [];
    if (!isIP(host)) {
      try {
        addresses = await resolve(host);
      } catch (err) {
        return `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    const verdict = checkWebhookUrl(url, addresses, options.ssrf);
    return verdict.allowed ? undefined : verdict.message;
  }

  async function once(call: WebhookCall): Promise<Omit<WebhookOutcome, 'attempts'>> {
    const timeout = call.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    try {
      const res = await axios.post(call.url, call.payload, {
        timeout,
        // Redirects could lead past the SSRF check.
        maxRedirects: 0,
        validateStatus: () => true,
        responseType: 'text',
        signal: AbortSignal.timeout(timeout),
      });
      if (res.status >= 200 && res.status < 300) return { allowed: true, status: res.status };
      const body = typeof res.data === 'string' ? res.data.trim().slice(0, 200) : '';
      return { allowed: false, status: res.status, error: `HTTP ${res.status}${body ? `: ${body}` : ''}` };
    } catch (err) {
      if (axios.isAxiosError(err) || err instanceof Error) {
        const code = (err as { code?: string }).code;
        const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED';
        return {
          allowed: false,
          error: timedOut ? `timed out after ${timeout} ms` : `${code ? `${code}: ` : ''}${err.message}`,
        };
      }
      return { allowed: false, error: String(err) };
    }
  }

  return {
    async call(call) {
      // Checked on every call: DNS answers change.
      const refused = await guard(call.url);
      if (refused) return { allowed: false, error: `refused: ${refused}`, attempts: 0 };
      const attempts = 1 + Math.max(0, call.retries ?? 0);
      let last: Omit<WebhookOutcome, 'attempts'> = { allowed: false };
      for (let i = 1; i <= attempts; i++) {
        last = await once(call);
        // A 4xx is an answer ("no"), not a failure worth repeating; 5xx and network errors are retried.
        const final = last.allowed || (last.status !== undefined && last.status < 500);
        if (final || i === attempts) return { ...last, attempts: i };
        await sleep(backoffMs * 2 ** (i - 1));
      }
      return { ...last, attempts };
    },
  };
}
