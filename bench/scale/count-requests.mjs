// Preloaded into the operator by the scale benchmark (`node --import`):
// counts the HTTP requests the process starts (a watch counts once, when it
// opens), in total and by `METHOD host /path` (names and query left out), and
// writes the running counts to $FLEDGE_BENCH_REQUESTS_FILE every 500 ms.
// Plain JavaScript so it needs no loader in the measured process.
import { subscribe } from 'node:diagnostics_channel';
import { renameSync, writeFileSync } from 'node:fs';
import { setInterval } from 'node:timers';

const file = process.env.FLEDGE_BENCH_REQUESTS_FILE;
if (file) {
  let requests = 0;
  const byTarget = {};
  const count = (method, host, path) => {
    requests++;
    // /apis/g/v/namespaces/ns/kind/name → /apis/g/v/namespaces/*/kind/*: one line per kind and verb.
    const shape = String(path ?? '')
      .split('?')[0]
      .replace(/\/namespaces\/[^/]+/, '/namespaces/*')
      .replace(/^((?:\/apis?\/[^/]+(?:\/v[^/]+)?)?\/namespaces\/\*\/[^/]+)\/[^/]+/, '$1/*');
    const key = `${method} ${host} ${shape}`;
    byTarget[key] = (byTarget[key] ?? 0) + 1;
  };
  subscribe('http.client.request.start', ({ request }) => count(request.method, request.host, request.path));
  subscribe('undici:request:create', ({ request }) => count(request.method, request.origin, request.path));
  // Write then rename, so a reader never sees a half-written file.
  const flush = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify({ requests, byTarget, at: Date.now() }));
    renameSync(`${file}.tmp`, file);
  };
  setInterval(flush, 500).unref();
  flush();
}
