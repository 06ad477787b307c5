import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node; `integration` (which also holds
// e2e) runs against the local test bed, brought up once by the global setup
// (or reused when .testbed/env points at a live bed).
export default defineConfig({
  test: {
    // The JSON report feeds the totals line of .ci/run (scripts/test-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // The bed is one shared cluster on 2 cores; files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
