/**
 * "Every command in the README and docs is exercised by a test": this is the
 * ledger. Each command of a ```sh block on README.md or docs/*.md must be
 * claimed below by a test (or by .ci/run) whose source shows that it runs
 * it; most claims are tests that read the page's blocks and run them as
 * written. A new command on a page fails here until a test runs it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allDocCommands, docCommands, repoRoot, type DocCommand } from '../../support/doc-commands.js';

interface Claim {
  /** Which commands: a page, and optionally a pattern on the command. */
  page: string;
  command?: RegExp;
  /** The file that runs them, and what in its source shows that it does. */
  by: string;
  proof: RegExp;
}

const claims: Claim[] = [
  { page: 'README.md', command: /^npm run demo$/, by: 'test/integration/docs/demo.test.ts', proof: /'demo'/ },
  { page: 'README.md', command: /^npm ci$/, by: '.ci/run', proof: /^npm ci\b/m },
  { page: 'README.md', command: /^npm test$/, by: '.ci/run', proof: /^npm test\b/m },
  { page: 'README.md', command: /^npm run lint$/, by: '.ci/run', proof: /^npm run --silent lint$/m },
  {
    page: 'README.md',
    command: /^npm run typecheck$/,
    by: '.ci/run',
    proof: /^npm run --silent typecheck$/m,
  },
  // The image test runs the build stage: `npm run build` is `tsc -p tsconfig.build.json` (checked below).
  {
    page: 'README.md',
    command: /^npm run build$/,
    by: 'test/unit/packaging/image-build.test.ts',
    proof: /'-p', 'tsconfig\.build\.json'/,
  },
  {
    page: 'README.md',
    command: /^(npm run testbed:(up|down)|source \.testbed\/env|kubectl get nodes)$/,
    by: 'test/integration/docs/testbed-commands.test.ts',
    proof: /docCommands\('README\.md'\)/,
  },
  {
    page: 'README.md',
    command: /^(kubectl apply -f crds\/|npm start -- .*|npm run gen:crds)$/,
    by: 'test/integration/docs/commands.test.ts',
    proof: /docCommands\('README\.md'\)/,
  },
  // The runner takes the block that holds testbed:up; these are its commands.
  {
    page: 'docs/testbed.md',
    command:
      /^(npm run testbed:(build|down)|eval "\$\(npm run -s testbed:up\)"|kubectl get nodes|npx tsx test\/support\/cli\.ts status)$/,
    by: 'test/integration/docs/testbed-commands.test.ts',
    proof: /'docs\/testbed\.md'/,
  },
  // The runner checks the page's block layout, so a new block fails there until it runs it.
  {
    page: 'docs/canary.md',
    by: 'test/integration/docs/canary-walkthrough.test.ts',
    proof: /'docs\/canary\.md'/,
  },
  {
    page: 'docs/cli.md',
    command: /^fledge (--help|COMMAND --help|--version)$/,
    by: 'test/integration/docs/commands.test.ts',
    proof: /'docs\/cli\.md'/,
  },
  {
    page: 'docs/flags.md',
    command:
      /^kubectl (wait --for=condition=Ready ff\/new-checkout -n shop|get ff new-checkout -n shop -o jsonpath)/,
    by: 'test/integration/docs/commands.test.ts',
    proof: /'docs\/flags\.md'/,
  },
  { page: 'docs/install.md', by: 'test/integration/chart/install-doc.test.ts', proof: /'install\.md'/ },
  // The manual job of docs/install.md builds the oldest supported Kubernetes this way.
  {
    page: 'docs/testbed.md',
    command: /^FLEDGE_KUBE_VERSION=1\.35\.4 npm run testbed:build$/,
    by: '.ci/kube-oldest',
    proof: /^FLEDGE_KUBE_VERSION=1\.35\.4 npm run testbed:build$/m,
  },
];

function claimOf(c: DocCommand): Claim[] {
  return claims.filter((k) => k.page === c.page && (k.command?.test(c.command) ?? true));
}

describe('documented commands', () => {
  const commands = allDocCommands();

  it('finds the commands of the pages', () => {
    expect(commands.length).toBeGreaterThan(40);
    expect(docCommands('docs/install.md').some((c) => c.command.startsWith('helm install fledge'))).toBe(
      true,
    );
  });

  it.each(commands.map((c) => [`${c.page}:${c.line} ${c.command}`, c] as const))(
    'is run by a test: %s',
    (_name, c) => {
      const claimed = claimOf(c);
      expect(claimed.length, `no test claims "${c.command}" (${c.page}:${c.line}); add one`).toBe(1);
      const { by, proof } = claimed[0]!;
      expect(existsSync(join(repoRoot, by)), `${by} exists`).toBe(true);
      expect(readFileSync(join(repoRoot, by), 'utf8')).toMatch(proof);
    },
  );

  it('claims nothing that is no longer on a page', () => {
    for (const k of claims) {
      expect(
        commands.some((c) => c.page === k.page && (k.command?.test(c.command) ?? true)),
        `claim for ${k.page} ${k.command?.source ?? ''}`,
      ).toBe(true);
    }
  });

  it('`npm run build` is the command the image test runs', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['build']).toBe('tsc -p tsconfig.build.json');
  });
});
