/**
 * The shell commands of README.md and docs/*.md: every line of a ```sh block,
 * with `\` continuations joined and the trailing `# comment` kept apart (it
 * often says what to expect). Tests that run a page's commands take them from
 * here, so what is tested is what the page says, not a copy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface DocCommand {
  /** Page, relative to the repo root. */
  page: string;
  /** 0-based index of the ```sh block on the page. */
  block: number;
  /** 1-based line of the command's first line on the page. */
  line: number;
  /** The command as a shell reads it (continuations joined, comment removed). */
  command: string;
  /** The trailing comment, without `#`. */
  comment: string;
}

export function docPages(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** A trailing comment starts at ` #` outside quotes. */
function splitComment(line: string): [string, string] {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return [line.slice(0, i).trimEnd(), line.slice(i + 1).trim()];
    }
  }
  return [line.trimEnd(), ''];
}

export function docCommands(page: string): DocCommand[] {
  const lines = readFileSync(join(repoRoot, page), 'utf8').split('\n');
  const out: DocCommand[] = [];
  let block = -1;
  let inSh = false;
  let pending: { start: number; parts: string[] } | undefined;
  lines.forEach((raw, i) => {
    if (/^```/.test(raw)) {
      inSh = !inSh && /^```(sh|bash|shell)\s*$/.test(raw);
      if (inSh) block++;
      return;
    }
    if (!inSh) return;
    const [code, comment] = splitComment(raw);
    if (!pending && code.trim() === '') return;
    const parts = pending?.parts ?? [];
    const start = pending?.start ?? i + 1;
    if (code.endsWith('\\')) {
      parts.push(code.slice(0, -1).trim());
      pending = { start, parts };
      return;
    }
    parts.push(code.trim());
    pending = undefined;
    out.push({ page, block, line: start, command: parts.join(' '), comment });
  });
  return out;
}

export function allDocCommands(): DocCommand[] {
  return docPages().flatMap(docCommands);
}

/** The commands of one ```sh block, as one bash script (comments dropped). */
export function blockScript(page: string, block: number): string {
  return docCommands(page)
    .filter((c) => c.block === block)
    .map((c) => c.command)
    .join('\n');
}
