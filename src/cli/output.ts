/**
 * Plain-text rendering: kubectl-style tables (upper-case headers, columns
 * separated by three spaces, no borders, so `awk '{print $2}'` works), ages
 * like kubectl's, and the rollout progress bar. All pure.
 */

export type Cell = string | number | undefined;

/** Left-aligned columns padded to the widest cell; empty cells show as `-`, trailing spaces trimmed. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => headers.map((_, i) => text(r[i])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('   ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

function text(cell: Cell): string {
  if (cell === undefined || cell === '') return '-';
  return String(cell);
}

/** kubectl's short age: `45s`, `12m`, `3h`, `5d`; `-` for a missing or future time. */
export function age(from: string | Date | undefined, now: number): string {
  if (from === undefined) return '-';
  const t = typeof from === 'string' ? Date.parse(from) : from.getTime();
  if (!Number.isFinite(t) || t > now) return '-';
  const s = Math.floor((now - t) / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** A number without float noise: 99.5, 0.123, 1200. */
export function formatNumber(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** `[██████░░░░░░░░░░]` filled to value/max; ASCII (`#`, `-`) when the terminal may not do Unicode. */
export function progressBar(value: number, max: number, width: number, ascii = false): string {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const filled = Math.round(ratio * width);
  const [on, off] = ascii ? ['#', '-'] : ['█', '░'];
  return `[${on.repeat(filled)}${off.repeat(width - filled)}]`;
}
