/**
 * The SSRF guard for webhook URLs. A Canary author must not be able to make
 * the operator POST to the node's link-local network or a cloud metadata
 * service (credentials live there). Pure: the caller resolves the host and
 * passes the addresses in, and checks again on every call (DNS can change).
 */
import { isIP } from 'node:net';

export interface SsrfOptions {
  /** Hosts or addresses the operator's configuration explicitly allows, link-local or not. */
  allowedHosts?: readonly string[] | undefined;
  /** Allow every link-local and metadata address (a test bed, or a cluster that needs it). */
  allowLinkLocal?: boolean | undefined;
}

export type UrlVerdict = { allowed: true } | { allowed: false; reason: UrlRefusal; message: string };

export type UrlRefusal =
  'InvalidUrl' | 'UnsupportedScheme' | 'MetadataHost' | 'LinkLocalAddress' | 'MetadataAddress';

/** Hostnames of cloud metadata services (GCP, AWS, Azure, Alibaba, OpenStack …). */
export const METADATA_HOSTS: readonly string[] = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
  'metadata.tencentyun.com',
];

/** Metadata addresses outside link-local ranges. */
const METADATA_ADDRESSES: readonly string[] = ['100.100.100.200', 'fd00:ec2:0:0:0:0:0:254'];

/**
 * Classifies `url`, given the addresses its host resolved to (empty when the
 * host is an IP literal or not resolved yet: literals are checked anyway).
 */
export function checkWebhookUrl(
  url: string,
  resolved: readonly string[],
  options: SsrfOptions = {},
): UrlVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('InvalidUrl', `webhook URL "${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return refuse('UnsupportedScheme', `webhook URL "${url}" must use http or https`);
  }
  // WHATWG URL parsing already turned 0xA9FEA9FE and friends into dotted IPv4.
  const host = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const allowed = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  if (options.allowLinkLocal || allowed.has(host)) return { allowed: true };
  if (METADATA_HOSTS.includes(host)) {
    return refuse('MetadataHost', `webhook URL "${url}" points at the cloud metadata host ${host}`);
  }
  const addresses = isIP(host) ? [host, ...resolved] : resolved;
  for (const address of addresses) {
    const problem = classifyAddress(address);
    if (problem && !allowed.has(address.toLowerCase())) {
      const what = problem === 'MetadataAddress' ? 'a cloud metadata address' : 'a link-local address';
      return refuse(problem, `webhook URL "${url}" resolves to ${what} (${address})`);
    }
  }
  return { allowed: true };
}

/** Why an address is refused, or undefined when it is fine. */
export function classifyAddress(address: string): 'LinkLocalAddress' | 'MetadataAddress' | undefined {
  const v4 = parseIPv4(address) ?? mappedIPv4(address);
  if (v4) {
    const dotted = v4.join('.');
    if (dotted === '169.254.169.254' || METADATA_ADDRESSES.includes(dotted)) return 'MetadataAddress';
    if (v4[0] === 169 && v4[1] === 254) return 'LinkLocalAddress';
    return undefined;
  }
  const v6 = parseIPv6(address);
  if (!v6) return undefined;
  if (METADATA_ADDRESSES.includes(v6.map((g) => g.toString(16)).join(':'))) return 'MetadataAddress';
  // fe80::/10
  if (((v6[0] ?? 0) & 0xffc0) === 0xfe80) return 'LinkLocalAddress';
  return undefined;
}

function refuse(reason: UrlRefusal, message: string): UrlVerdict {
  return { allowed: false, reason, message };
}

function parseIPv4(text: string): number[] | undefined {
  if (isIP(text) !== 4) return undefined;
  return text.split('.').map(Number);
}

/** `::ffff:169.254.169.254` reaches the IPv4 address; treat it as one. */
function mappedIPv4(text: string): number[] | undefined {
  const groups = parseIPv6(text);
  if (!groups || groups.slice(0, 5).some((g) => g !== 0) || groups[5] !== 0xffff) return undefined;
  const hi = groups[6] ?? 0;
  const lo = groups[7] ?? 0;
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

/** Eight 16-bit groups, or undefined when `text` is not an IPv6 address. */
export function parseIPv6(text: string): number[] | undefined {
  const bare = text.replace(/%.*$/, '');
  if (isIP(bare) !== 6) return undefined;
  let body = bare;
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = last.split('.').map(Number);
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    body = `${body.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const [head, rest] = body.includes('::') ? body.split('::') : [body, undefined];
  const parse = (s: string | undefined) =>
    (s ? s.split(':').filter((x) => x !== '') : []).map((g) => parseInt(g, 16));
  const front = parse(head);
  const back = parse(rest);
  const fill = 8 - front.length - back.length;
  if (rest === undefined && fill !== 0) return undefined;
  return [...front, ...new Array<number>(Math.max(0, fill)).fill(0), ...back];
}
