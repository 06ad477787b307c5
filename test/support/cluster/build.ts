/**
 * Builds the bed's binaries from our pinned Go modules into the cache, only
 * what is missing, and fetches Istio's CRD bundle from the istio.io/api module.
 * Everything lands in a temp path first and is renamed into place, so an
 * interrupted build never leaves a half-written binary that looks usable.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoModule } from './paths.js';
import { binDir, cacheDir, goModules, goModulesDir, istioApiModule, istioCrdFile } from './paths.js';

export interface Artifacts {
  binDir: string;
  bin: (name: string) => string;
  istioCrds: string;
}

const log = (msg: string): void => console.error(`[testbed] ${msg}`);

function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${err.slice(-4000)}`));
    });
  });
}

/** Runs `fn` while printing how long it has been going every 30 s. */
async function withProgress<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const secs = (): string => `${Math.round((Date.now() - started) / 1000)}s`;
  log(`${what} (first time takes minutes)…`);
  const timer = setInterval(() => log(`  still ${what}… ${secs()}`), 30_000);
  try {
    const result = await fn();
    log(`  done ${what} in ${secs()}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

async function buildModule(
  mod: GoModule,
  names: { name: string; pkg: string }[],
  out: string,
): Promise<void> {
  const tmp = await mkdtemp(join(out, '.build-'));
  const dir = join(goModulesDir, mod.dir);
  try {
    const goMod = await readFile(join(dir, 'go.mod'), 'utf8');
    const ldflags = ['-s', '-w', ...(mod.versionFlags?.(goMod) ?? [])].join(' ');
    const args = ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', `${tmp}/`, ...names.map((n) => n.pkg)];
    await withProgress(`building ${names.map((n) => n.name).join(', ')}`, () => run('go', args, dir));
    for (const { name } of names) {
      await rename(join(tmp, goBinaryName(pkgOf(names, name))), join(out, name));
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function pkgOf(names: { name: string; pkg: string }[], name: string): string {
  return names.find((n) => n.name === name)?.pkg ?? name;
}

/** `go build -o dir/` names a binary after its package path, skipping a `/vN` major suffix. */
function goBinaryName(pkg: string): string {
  const parts = pkg.split('/');
  const last = parts.pop() ?? pkg;
  return /^v\d+$/.test(last) ? (parts.pop() ?? last) : last;
}

async function fetchIstioCrds(target: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'fledge-istio-'));
  try {
    const env = { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' };
    const json = await withProgress(`downloading ${istioApiModule}`, () =>
      run('go', ['mod', 'download', '-json', istioApiModule], work, env),
    );
    const dir = (JSON.parse(json) as { Dir?: string }).Dir;
    if (!dir) throw new Error(`go mod download ${istioApiModule} printed no Dir: ${json}`);
    const source = join(dir, 'kubernetes', 'customresourcedefinitions.gen.yaml');
    const tmp = `${target}.tmp-${process.pid}`;
    await copyFile(source, tmp);
    await rename(tmp, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Ensures every binary and the Istio CRDs are in the cache; builds only what is missing. */
export async function ensureBuilt(): Promise<Artifacts> {
  const out = binDir();
  await mkdir(out, { recursive: true });
  for (const mod of goModules) {
    const missing = mod.binaries.filter((b) => !existsSync(join(out, b.name)));
    if (missing.length > 0) await buildModule(mod, missing, out);
  }
  const crds = istioCrdFile();
  if (!existsSync(crds)) await fetchIstioCrds(crds);
  return { binDir: out, bin: (name) => join(out, name), istioCrds: crds };
}

/** True when nothing needs building (used to tell people whether `up` will be slow). */
export function isBuilt(): boolean {
  const out = binDir();
  return (
    goModules.every((m) => m.binaries.every((b) => existsSync(join(out, b.name)))) &&
    existsSync(istioCrdFile())
  );
}

export async function describeCache(): Promise<string> {
  const crds = istioCrdFile();
  const count = existsSync(crds)
    ? (await readFile(crds, 'utf8')).match(/^kind: CustomResourceDefinition/gm)?.length
    : 0;
  return `cache ${cacheDir()} (binaries in bin/, ${count ?? 0} Istio CRDs)`;
}
