import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// docs/sdk.md promises its quickstart "runs as written": the block in the page
// must be the file that is run, and the file must print what the page says.
describe('docs/sdk.md quickstart', () => {
  const page = readFileSync('docs/sdk.md', 'utf8');
  const file = readFileSync('docs/examples/sdk-quickstart.ts', 'utf8');

  it('the page shows the example file verbatim', () => {
    const block = /```ts\n(\/\/ docs\/examples\/sdk-quickstart\.ts\n[\s\S]*?)```/.exec(page)?.[1];
    expect(block).toBe(file);
  });

  it('prints what the page says it prints', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'docs/examples/sdk-quickstart.ts'], {
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual(['true', 'false off TARGETING_MATCH', 'FLAG_NOT_FOUND']);
    expect(page).toContain('`false off TARGETING_MATCH`');
  });
});
