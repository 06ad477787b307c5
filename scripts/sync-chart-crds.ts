/**
 * Copies crds/*.yaml into charts/fledge/crds/ (`npm run chart:sync`), so Helm
 * installs exactly the CRDs `kubectl apply -f crds/` does. With `--check` it
 * changes nothing and exits 1 when the two differ;
 * test/unit/packaging/chart-crds.test.ts runs the same comparison.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const sourceDir = join(root, 'crds');
export const chartCrdDir = join(root, 'charts', 'fledge', 'crds');

const yamlFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];

/** File names that are missing, extra or different in the chart; empty when in sync. */
export function chartCrdDrift(): string[] {
  const want = yamlFiles(sourceDir);
  const have = new Set(yamlFiles(chartCrdDir));
  const drift = want.filter(
    (f) =>
      !have.has(f) || readFileSync(join(sourceDir, f), 'utf8') !== readFileSync(join(chartCrdDir, f), 'utf8'),
  );
  for (const f of have) if (!want.includes(f)) drift.push(f);
  return drift.sort();
}

export function syncChartCrds(): string[] {
  const drift = chartCrdDrift();
  mkdirSync(chartCrdDir, { recursive: true });
  const want = yamlFiles(sourceDir);
  for (const f of yamlFiles(chartCrdDir)) if (!want.includes(f)) rmSync(join(chartCrdDir, f));
  for (const f of want) copyFileSync(join(sourceDir, f), join(chartCrdDir, f));
  return drift;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--check')) {
    const drift = chartCrdDrift();
    if (drift.length > 0) {
      console.error(`charts/fledge/crds differs from crds/: ${drift.join(', ')} (run npm run chart:sync)`);
      process.exit(1);
    }
    console.log('charts/fledge/crds is in sync with crds/');
  } else {
    const changed = syncChartCrds();
    console.log(
      changed.length
        ? `synced charts/fledge/crds: ${changed.join(', ')}`
        : 'charts/fledge/crds already in sync',
    );
  }
}
