/**
 * Runs the Dockerfile's stages by hand in temp dirs, since no Docker engine is
 * here: the build stage (tsc on a copy of the context, with the repo's full
 * node_modules standing in for `npm ci`), the deps stage (`npm ci
 * --omit=dev` for real, from the npm cache), then the runtime layout started
 * the way ENTRYPOINT starts it: it prints its version and usage, serves
 * /healthz, and exits 0 on SIGTERM sent straight to node.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const ENTRY = ['dist/src/cli/main.js'];

let work: string;
let app: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fledge-image-'));
  const build = join(work, 'build');
  const deps = join(work, 'deps');
  app = join(work, 'app');
  for (const d of [build, deps, app]) mkdirSync(d);

  // build: COPY package*.json tsconfig*.json src → npm run build
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
    cpSync(join(root, f), join(build, f));
  cpSync(join(root, 'src'), join(build, 'src'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
  const build$ = run(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: build,
    },
  );

  // deps: COPY package*.json → npm ci --omit=dev --ignore-scripts
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(root, f), join(deps, f));
  const deps$ = run(
    'npm',
    [
      'ci',
      '--omit=dev',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
    ],
    { cwd: deps, maxBuffer: 16 * 1024 * 1024 },
  );
  await Promise.all([build$, deps$]);

  // runtime: node_modules from deps, dist/src from build, package.json, crds
  // COPY --from=deps: moved rather than copied, the content is the same and it is quicker.
  renameSync(join(deps, 'node_modules'), join(app, 'node_modules'));
  cpSync(join(build, 'dist', 'src'), join(app, 'dist', 'src'), { recursive: true });
  cpSync(join(root, 'package.json'), join(app, 'package.json'));
  cpSync(join(root, 'crds'), join(app, 'crds'), { recursive: true });
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

const env = { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', HOME: '/tmp' };

describe('the image layout built from the Dockerfile stages', () => {
  it('holds no dev dependency', async () => {
    const { readdirSync } = await import('node:fs');
    const mods = readdirSync(join(app, 'node_modules'));
    for (const dev of ['typescript', 'vitest', 'tsx', 'eslint', 'testcontainers'])
      expect(mods).not.toContain(dev);
    expect(mods).toContain('@kubernetes');
  });

  it('prints its version and the run usage (the whole module graph loads)', async () => {
    const { version } = (await import(join(root, 'package.json'), { with: { type: 'json' } })).default as {
      version: string;
    };
    const v = await run(process.execPath, [...ENTRY, '--version'], { cwd: app, env });
    expect(v.stdout.trim()).toBe(`fledge ${version}`);
    // `run --help` imports src/main.ts and with it every controller.
    const help = await run(process.execPath, [...ENTRY, 'run', '--help'], { cwd: app, env });
    expect(help.stdout).toMatch(/--leader-elect/);
  }, 60_000);

  it('starts, serves /healthz and exits 0 on SIGTERM', async () => {
    // An apiserver that is not there: the process must still run and stop cleanly.
    const kubeconfig = join(work, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "http://127.0.0.1:9"}}]',
        'users: [{name: u, user: {token: x}}]',
        'contexts: [{name: c, context: {cluster: c, user: u}}]',
        'current-context: c',
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      [...ENTRY, 'run', '--metrics-addr=127.0.0.1:0', `--kubeconfig=${kubeconfig}`, '--log-level=info'],
      { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      let out = '';
      const addr = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start log line:\n${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /"metricsAddr":"([^"]+)"/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const res = await fetch(`http://${addr}/healthz`);
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
