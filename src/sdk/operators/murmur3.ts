/**
 * MurmurHash3 x86 32-bit, seed 0, over UTF-8 bytes — the hash flagd's Go
 * reference (github.com/twmb/murmur3 StringSum32) applies to the bucketing
 * key. ASCII keys (the usual case) are hashed straight from char codes;
 * anything else goes through UTF-8 bytes. `fractional` hashes
 * flagKey + targetingKey: the flag key's part of the state is computed once
 * per config load (`murmur3Prefix`), and the key is never concatenated.
 */
export function murmur3(a: string, b = ''): number {
  return b === '' ? hashOne(a) : murmur3From(murmur3Prefix(a), b);
}

/** The hash state after the first part of a key. */
export interface Murmur3Prefix {
  readonly text: string;
  readonly ascii: boolean;
  /** Hash after the prefix's whole 4-byte blocks. */
  readonly h: number;
  /** Pending bytes of the last partial block, and how many there are (0–3). */
  readonly k: number;
  readonly n: number;
}

export function murmur3Prefix(text: string): Murmur3Prefix {
  let h = 0;
  let seen = 0;
  const whole = text.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    h = mixH(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let k = 0;
  let n = 0;
  for (let i = whole; i < text.length; i++) {
    const c = text.charCodeAt(i);
    seen |= c;
    k |= c << (8 * n++);
  }
  return { text, ascii: seen <= 0x7f, h, k, n };
}

/** The hash of prefix.text + b. */
export function murmur3From(p: Murmur3Prefix, b: string): number {
  if (!p.ascii) return hashBytes(new TextEncoder().encode(p.text + b));
  let h = p.h;
  let k = p.k;
  let n = p.n;
  let seen = 0;
  let i = 0;
  const len = b.length;
  if (n > 0) {
    while (n < 4 && i < len) {
      const c = b.charCodeAt(i++);
      seen |= c;
      k |= c << (8 * n++);
    }
    if (n === 4) {
      h = mixH(h, k);
      k = 0;
      n = 0;
    }
  }
  const end = i + ((len - i) & ~3);
  for (; i < end; i += 4) {
    const c0 = b.charCodeAt(i);
    const c1 = b.charCodeAt(i + 1);
    const c2 = b.charCodeAt(i + 2);
    const c3 = b.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    h = mixH(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  for (; i < len; i++) {
    const c = b.charCodeAt(i);
    seen |= c;
    k |= c << (8 * n++);
  }
  if (seen > 0x7f) return hashBytes(new TextEncoder().encode(p.text + b));
  if (n > 0) h ^= mixK(k);
  return finish(h, p.text.length + len);
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH(h: number, k: number): number {
  h ^= mixK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const EMPTY: Murmur3Prefix = { text: '', ascii: true, h: 0, k: 0, n: 0 };

function hashOne(s: string): number {
  return murmur3From(EMPTY, s);
}

function hashBytes(bytes: Uint8Array): number {
  const len = bytes.length;
  let h = 0;
  const blocks = len & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixH(
      h,
      (bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24),
    );
  }
  const rem = len & 3;
  if (rem > 0) {
    let k = 0;
    if (rem === 3) k ^= (bytes[blocks + 2] as number) << 16;
    if (rem >= 2) k ^= (bytes[blocks + 1] as number) << 8;
    k ^= bytes[blocks] as number;
    h ^= mixK(k);
  }
  return finish(h, len);
}
