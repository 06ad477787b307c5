import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * Fledge's version from its package.json, found by walking up from this file
 * (it sits at a different depth under src/ with tsx than under dist/src/).
 */
export function fledgeVersion(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'fledge' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here; keep walking up
    }
  }
  return (cached = 'unknown');
}
