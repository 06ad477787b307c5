/**
 * Writes crds/*.yaml and the field reference docs/reference/*.md from the zod
 * schemas (`npm run gen:crds`). The unit test test/unit/api/crds.test.ts fails
 * when the files differ from this output.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCrds, renderReferences } from './lib/crds.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'crds');
mkdirSync(dir, { recursive: true });
const files = renderCrds();
// A kind that was removed must not leave its CRD behind.
for (const name of readdirSync(dir)) {
  if (name.endsWith('.fledge.dev.yaml') && !files.has(name)) rmSync(join(dir, name));
}
for (const [name, text] of files) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote crds/${name}`);
}

const docs = join(root, 'docs', 'reference');
mkdirSync(docs, { recursive: true });
for (const [name, text] of renderReferences()) {
  writeFileSync(join(docs, name), text);
  console.log(`wrote docs/reference/${name}`);
}
