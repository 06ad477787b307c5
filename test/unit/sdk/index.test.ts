import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as sdk from '../../../src/sdk/index.js';

const sdkDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/sdk');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('fledge/sdk entry point', () => {
  it('exports the public API', () => {
    for (const name of [
      'createClient',
      'FledgeClient',
      'FledgeProvider',
      'FlagTracking',
      'FlagSet',
      'MemorySource',
      'FileSource',
      'ConfigMapSource',
      'memorySource',
      'fileSource',
      'configMapSource',
      'evaluateIn',
      'murmur3',
    ]) {
      expect(sdk, name).toHaveProperty(name);
    }
  });

  it('imports nothing from the operator (it ships to workloads)', () => {
    const outside: string[] = [];
    for (const file of files(sdkDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
        const spec = m[1]!;
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (relative(sdkDir, target).startsWith('..')) outside.push(`${relative(sdkDir, file)} → ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('loads @kubernetes/client-node only when a ConfigMap source starts', () => {
    const text = readFileSync(join(sdkDir, 'sources/configmap.ts'), 'utf8');
    expect(text).not.toMatch(/^import \{[^}]*\} from '@kubernetes\/client-node'/m);
    expect(text).toMatch(/await import\('@kubernetes\/client-node'\)/);
  });
});
