import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// scripts/test-summary.mjs prints the line CI reads; a wrong count would hide failures.
function summarize(report: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'fledge-summary-'));
  const file = join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(report));
  return execFileSync(process.execPath, ['scripts/test-summary.mjs', file], { encoding: 'utf8' }).trim();
}

describe('scripts/test-summary.mjs', () => {
  it.each([
    [{ numPassedTests: 3, numFailedTests: 0 }, '3 passed, 0 failed'],
    [
      { numPassedTests: 3, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 },
      '3 passed, 1 failed, 3 skipped',
    ],
    [
      {
        numPassedTests: 2,
        numFailedTests: 1,
        testResults: [
          { status: 'failed', assertionResults: [{ status: 'failed' }] },
          { status: 'failed', assertionResults: [] },
        ],
      },
      '2 passed, 2 failed',
    ],
  ])('%j → %s', (report, line) => {
    expect(summarize(report)).toBe(line);
  });

  it('fails on a missing report instead of printing zeros', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/test-summary.mjs', '/nonexistent/report.json'], {
        stdio: 'pipe',
      }),
    ).toThrow();
  });
});
