/**
 * `tsx test/support/cli.ts build|up|down|status` (npm run testbed:*).
 * Progress goes to stderr; `up` prints only `export` lines on stdout, so
 * `eval "$(npm run -s testbed:up)"` sets up a shell.
 */
import { describeBedFailure } from './cluster/bed-error.js';
import { describeCache, ensureBuilt, ensureComponent } from './cluster/build.js';
import { goComponents } from './cluster/components.js';
import { envFile } from './cluster/paths.js';
import { formatEnv } from './cluster/state.js';
import { abortUp, down, status, up } from './testbed.js';

async function main(cmd: string | undefined, rest: string[]): Promise<number> {
  switch (cmd) {
    case 'build': {
      await ensureBuilt();
      // `build --all` also builds what only some tests use (the Prometheus 2.x of the compatibility test).
      const extra = rest.includes('--all') ? goComponents().filter((c) => c.optional) : [];
      for (const c of extra) await ensureComponent(c.id);
      console.error(`[testbed] ${await describeCache()}`);
      return 0;
    }
    case 'up': {
      // Children are detached, so Ctrl-C would leave them behind: tear down instead.
      process.once('SIGINT', () => {
        console.error(
          '[testbed] interrupted; stopping what was started (run `npm run testbed:down` if it hangs)',
        );
        void abortUp().finally(() => process.exit(130));
      });
      const { env, reused, state } = await up();
      console.error(
        `[testbed] ${reused ? 'reused' : 'started'}; logs in ${state.dir}/logs; env in ${envFile}`,
      );
      process.stdout.write(formatEnv(env, 'export '));
      return 0;
    }
    case 'down': {
      const stopped = await down();
      console.error(stopped ? '[testbed] stopped and removed' : '[testbed] no bed was recorded');
      return 0;
    }
    case 'status': {
      const s = await status();
      if (!s.state) {
        console.log('no test bed recorded');
        return 1;
      }
      console.log(`${s.live ? 'live' : 'NOT live'}: ${s.state.dir} (since ${s.state.startedAt})`);
      for (const c of s.components) {
        const health = c.ready
          ? 'ready'
          : c.alive
            ? 'running, not ready'
            : c.stoppedByTest
              ? 'stopped by a test'
              : 'DEAD';
        console.log(
          `  ${c.name.padEnd(24)} pid ${String(c.pid).padEnd(8)} ${health.padEnd(18)} ${c.logFile}`,
        );
      }
      if (s.state.env) process.stdout.write(formatEnv(s.state.env, '  '));
      return s.live ? 0 : 1;
    }
    default:
      console.error('usage: tsx test/support/cli.ts build [--all]|up|down|status');
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // The details first, then one plain line that says what broke and what to run.
    const { detail, summary } = describeBedFailure(err);
    if (detail.trim()) console.error(detail.trimEnd());
    console.error(`[testbed] ${summary}`);
    process.exit(1);
  },
);
