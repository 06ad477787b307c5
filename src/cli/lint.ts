/** `fledge lint FILE...`: offline validation for editors and CI pipelines. */
import { readFile } from 'node:fs/promises';
import { parse } from './args.js';
import { command } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { formatFinding, lintSources, type Finding, type Source } from './lint-core.js';

export const lintUsage = `Usage: fledge lint FILE... [-q]

Validates Canary, FeatureFlag and MetricTemplate resources in YAML files
(several documents per file, and kind: List, are fine) offline, with the
schemas the operator uses, and FeatureFlags also with the flag compiler
(unknown segments, variants, duplicate keys in a flag set: lint a whole flag
set together). Other kinds are skipped with a note. "-" reads standard input.

YAML is read as kubectl reads it (YAML 1.1): an unquoted on/off/yes/no is a
boolean, so quote variant names like "on".

Each problem is one line:  FILE:DOC: Kind namespace/name: field.path: message

Options:
  -q, --quiet            no notes about skipped documents, no summary
  -h, --help             show this help

Exit code: 0 when every resource is valid, 1 when any is not (or a file
cannot be read), 2 on bad arguments.
`;

const OPTIONS = { quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } } as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const lintCommand = command('lint', lintUsage, async (args, io) => {
  const { values, positionals } = parse(args, OPTIONS);
  if (positionals.length === 0) throw new UsageError('lint needs at least one file');
  const quiet = values['quiet'] === true;
  const sources: Source[] = [];
  const unreadable: Finding[] = [];
  for (const file of positionals) {
    try {
      sources.push({
        file: file === '-' ? '(stdin)' : file,
        text: file === '-' ? await readStdin() : await readFile(file, 'utf8'),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(err));
      unreadable.push({ file, doc: '', path: 'file', message: `cannot read: ${why}` });
    }
  }
  const result = lintSources(sources);
  const findings = [...unreadable, ...result.findings];
  for (const f of findings) io.out(`${formatFinding(f)}\n`);
  if (!quiet) {
    for (const note of result.skipped) io.err(`note: ${note}\n`);
    const files = positionals.length;
    io.err(
      findings.length === 0
        ? `ok: ${result.checked} Fledge resource${result.checked === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`
        : `${findings.length} problem${findings.length === 1 ? '' : 's'} found\n`,
    );
  }
  return findings.length === 0 ? EXIT.ok : EXIT.failed;
});
