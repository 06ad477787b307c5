import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MachineInfo } from './machine.js';

/** Markdown table from rows of cells; the first row is the header. */
export function table(rows: string[][]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  const line = (r: string[]): string => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

export function machineSection(command: string, started: Date, m: MachineInfo): string {
  return [
    `- Command: \`${command}\``,
    `- Date: ${started.toISOString()}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}`,
    `- Load average at start (1/5/15 min): ${m.loadAverage.join(' / ')}`,
    `- Node: ${m.node}`,
  ].join('\n');
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function writeResult(path: string, markdown: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}
