/**
 * Builds the bed's binaries from our pinned Go modules into the cache, only
 * what is missing, and fetches Istio's CRD bundle from the istio.io/api module.
 * Everything lands in a temp path first and is renamed into place, so an
 * interrupted build never leaves a half-written binary that looks usable.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BedError } from './bed-error.js';
import type { GoComponent } from './components.js';
import { binaryPath, componentDir, goComponents } from './components.js';
import { withDirLock } from './lock.js';
import { goModulesDir, istioApiModule, istioCrdFile, testbedCacheDir } from './paths.js';

export interface Artifacts {
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
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new BedError(
              `cannot build the test bed: \`${cmd}\` is not installed or not on PATH; install Go ≥ 1.24 and run \`npm run testbed:build\``,
            )
          : e,
      ),
    );
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

async function buildComponent(c: GoComponent): Promise<void> {
  const home = componentDir(c);
  const out = join(home, 'bin');
  await mkdir(out, { recursive: true });
  let dir: string;
  if ('dir' in c.source) {
    dir = join(goModulesDir, c.source.dir);
  } else {
    dir = join(home, 'module');
    if (!existsSync(join(dir, 'go.sum'))) {
      const gen = await mkdtemp(join(home, '.module-'));
      try {
        const { write } = c.source;
        await withProgress(`preparing the Go module for ${c.what}`, () => write(gen, run));
        await rm(dir, { recursive: true, force: true });
        await rename(gen, dir);
      } finally {
        await rm(gen, { recursive: true, force: true });
      }
    }
  }
  const tmp = await mkdtemp(join(out, '.build-'));
  try {
    const goMod = await readFile(join(dir, 'go.mod'), 'utf8');
    const ldflags = ['-s', '-w', ...(c.versionFlags?.(goMod) ?? [])].join(' ');
    const tags = c.tags?.length ? [`-tags=${c.tags.join(',')}`] : [];
    const pkgs = c.binaries.map((n) => n.pkg);
    const args = ['build', '-trimpath', ...tags, `-ldflags=${ldflags}`, '-o', `${tmp}/`, ...pkgs];
    await withProgress(`building ${c.binaries.map((n) => n.name).join(', ')}`, () => run('go', args, dir));
    for (const { name, pkg } of c.binaries) {
      await rename(join(tmp, goBinaryName(pkg)), join(out, name));
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Builds one component, turning a failure into one line that says what broke and what to run. */
async function buildOrExplain(c: GoComponent): Promise<void> {
  try {
    await buildComponent(c);
  } catch (err) {
    if (err instanceof BedError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    const logFile = join(testbedCacheDir(), `build-${c.id}.log`);
    await mkdir(dirname(logFile), { recursive: true });
    await writeFile(logFile, detail + '\n');
    const offline = /proxy\.golang\.org|dial tcp|no such host|i\/o timeout|TLS handshake/i.test(detail);
    const hint = offline
      ? 'the Go module proxy could not be reached (check GOPROXY and the network)'
      : `go build failed (full output in ${logFile})`;
    throw new BedError(
      `cannot build ${c.what}: ${hint}; fix that and run \`npm run testbed:build\``,
      detail.split('\n').slice(-20).join('\n'),
      { cause: err },
    );
  }
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
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    await copyFile(source, tmp);
    await rename(tmp, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function missing(c: GoComponent): boolean {
  return c.binaries.some((b) => !existsSync(binaryPath(b.name)));
}

/**
 * Every checkout on the machine shares the cache: one build at a time (a
 * second `testbed:build` waits for the first, then finds nothing to do).
 */
function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  return withDirLock(join(testbedCacheDir(), '.build-lock'), fn, {
    waitMs: 60 * 60_000,
    waiting: 'waiting for another build of the test bed (another checkout or test run) to finish…',
  });
}

/** Ensures every (non-optional) binary and the Istio CRDs are in the cache; builds only what is missing. */
export async function ensureBuilt(): Promise<Artifacts> {
  const needed = goComponents().filter((c) => !c.optional);
  const crds = istioCrdFile();
  if (needed.some(missing) || !existsSync(crds)) {
    await withBuildLock(async () => {
      for (const c of needed) if (missing(c)) await buildOrExplain(c);
      if (!existsSync(crds)) await fetchIstioCrds(crds);
    });
  }
  return { bin: binaryPath, istioCrds: crds };
}

/** Builds one optional component (e.g. `prometheus-v2`) if missing; returns its first binary. */
export async function ensureComponent(id: string): Promise<string> {
  const c = goComponents().find((x) => x.id === id);
  if (!c) throw new Error(`test bed: no component ${id}`);
  if (missing(c)) await withBuildLock(async () => (missing(c) ? buildOrExplain(c) : undefined));
  return binaryPath(c.binaries[0]!.name);
}

/** True when nothing needs building (used to tell people whether `up` will be slow). */
export function isBuilt(): boolean {
  return goComponents().every((c) => c.optional || !missing(c)) && existsSync(istioCrdFile());
}

export async function describeCache(): Promise<string> {
  const crds = istioCrdFile();
  const count = existsSync(crds)
    ? (await readFile(crds, 'utf8')).match(/^kind: CustomResourceDefinition/gm)?.length
    : 0;
  const built = goComponents()
    .filter((c) => !missing(c))
    .map((c) => c.id);
  return `cache ${testbedCacheDir()}: ${built.join(', ')}; ${count ?? 0} Istio CRDs`;
}
