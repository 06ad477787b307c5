/**
 * The running bed's coordinates for test files: what the vitest global setup
 * provided, or else what `.testbed/env` says (for a file run by other means
 * against a bed started with `npm run testbed:up`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { envFile } from './cluster/paths.js';
import type { TestbedEnv } from './cluster/state.js';
import { envKeys, parseEnv } from './cluster/state.js';

export type { TestbedEnv } from './cluster/state.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testbed: TestbedEnv;
  }
}

function fromFile(): TestbedEnv | undefined {
  if (!existsSync(envFile)) return undefined;
  const env = parseEnv(readFileSync(envFile, 'utf8'));
  return envKeys.every((k) => typeof env[k] === 'string') ? (env as TestbedEnv) : undefined;
}

export function testbed(): TestbedEnv {
  let env: TestbedEnv | undefined;
  try {
    env = inject('testbed');
  } catch {
    // not inside a vitest worker with a global setup
  }
  env ??= fromFile();
  if (!env) {
    throw new Error(
      `no test bed: run the integration project (its global setup starts one) or \`npm run testbed:up\``,
    );
  }
  return env;
}
