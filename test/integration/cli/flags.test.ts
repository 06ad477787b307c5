/**
 * The flag commands against the bed's apiserver: list/get a FeatureFlag,
 * enable/disable/rollout/rearm patch it and record an audited Event, eval on
 * a published ConfigMap (written here as the flag controller would) and on a
 * local flags.json. No controller runs in the namespace.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFeatureFlag } from '../../../src/api/examples.js';
import { testbed } from '../../support/env.js';
import { STACK, deleteNamespace, eventsOf, fledge, k, repo, setUpNamespace } from './bed.js';

let ns = '';
const fixture = join(repo, 'test', 'unit', 'cli', 'fixtures', 'flags.json');

const spec = async (name: string): Promise<Record<string, unknown>> =>
  (
    JSON.parse(await k(['get', 'featureflag', name, '-n', ns, '-o', 'json'])) as {
      spec: Record<string, unknown>;
    }
  ).spec;

beforeAll(async () => {
  ns = await setUpNamespace('cli-flags');
  const ff = exampleFeatureFlag(ns);
  // JSON, not YAML: kubectl reads YAML 1.1, where an unquoted on/off is a boolean.
  await k(['create', '-f', '-'], JSON.stringify(ff));
  await k(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fledge-flags-default', namespace: ns },
      data: {
        'flags.json': JSON.stringify({
          flags: {
            'new-checkout': {
              state: 'ENABLED',
              variants: { on: true, off: false },
              defaultVariant: 'off',
              targeting: { if: [{ ends_with: [{ var: 'email' }, '@company.com'] }, 'on', 'off'] },
            },
          },
        }),
      },
    }),
  );
});

afterAll(async () => {
  if (ns) await deleteNamespace(ns);
});

describe('fledge flags list|get', () => {
  it('lists the flag', async () => {
    const r = await fledge(['flags', 'list', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^NAME\s+SET\s+STATE\s+DEFAULT\s+ROLLOUT\s+READY\s+AGE\nnew-checkout\s+default\s+ENABLED\s+off\s+/,
    );
  });

  it('describes the flag', async () => {
    const r = await fledge(['flags', 'get', 'new-checkout', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`FeatureFlag ${ns}/new-checkout`);
    expect(r.stdout).toContain('flag set:       default (ConfigMap fledge-flags-default)');
  });
});

describe('fledge flags eval', () => {
  it('evaluates on the live ConfigMap', async () => {
    const r = await fledge([
      'flags',
      'eval',
      'new-checkout',
      '-n',
      ns,
      '--context',
      '{"email":"a@company.com"}',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `flag:     new-checkout\nsource:   ConfigMap ${ns}/fledge-flags-default\nvalue:    true\nvariant:  on\nreason:   TARGETING_MATCH\n`,
    );
  });

  it('says when a flag set is not published (exit 3)', async () => {
    const r = await fledge(['flags', 'eval', 'x', '--set', 'other', '-n', ns]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`ConfigMap ${ns}/fledge-flags-other not found`);
  });

  it('evaluates a local flags.json without a cluster', async () => {
    const r = await fledge(
      [
        'flags',
        'eval',
        'new-checkout',
        '--file',
        fixture,
        '--context',
        '{"email":"b@company.com"}',
        '-o',
        'json',
      ],
      {
        env: { KUBECONFIG: undefined },
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      flag: 'new-checkout',
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });
    const off = await fledge(['flags', 'eval', 'legacy-cart', '--file', fixture]);
    expect(off.stdout).toContain('reason:   DISABLED');
  });
});

describe('fledge flags enable|disable|rollout|rearm', () => {
  it('disable and enable patch spec.state and are audited', async () => {
    const d = await fledge(['flags', 'disable', 'new-checkout', '-n', ns]);
    expect(d.code).toBe(0);
    expect(d.stdout).toBe(`FeatureFlag ${ns}/new-checkout: state ENABLED → DISABLED\n`);
    expect((await spec('new-checkout'))['state']).toBe('DISABLED');
    const e = await fledge(['flags', 'enable', 'new-checkout', '-n', ns]);
    expect(e.code).toBe(0);
    expect((await spec('new-checkout'))['state']).toBe('ENABLED');
    const notes = (await eventsOf(ns, 'FlagChangedByCLI')).map((x) => x.note);
    expect(notes).toContain(
      `FeatureFlag ${ns}/new-checkout: state ENABLED → DISABLED by fledge-admin (kubeconfig context fledge-testbed)`,
    );
    expect(notes).toContain(
      `FeatureFlag ${ns}/new-checkout: state DISABLED → ENABLED by fledge-admin (kubeconfig context fledge-testbed)`,
    );
  });

  it('rollout patches the percentage and is audited', async () => {
    const r = await fledge(['flags', 'rollout', 'new-checkout', '35', '-n', ns]);
    expect(r.code).toBe(0);
    expect((await spec('new-checkout'))['rollout']).toMatchObject({ percentage: 35 });
    const events = await eventsOf(ns, 'FlagChangedByCLI');
    expect(
      events.some(
        (x) =>
          x.regarding?.name === 'new-checkout' && /rollout \d+% → 35% by fledge-admin/.test(x.note ?? ''),
      ),
    ).toBe(true);
  });

  it('does nothing when the flag already is as asked', async () => {
    const r = await fledge(['flags', 'rollout', 'new-checkout', '35%', '-n', ns]);
    expect(r).toMatchObject({
      code: 0,
      stdout: `FeatureFlag ${ns}/new-checkout: rollout is already 35%; nothing changed\n`,
    });
  });

  it('rearm sets the annotation', async () => {
    const r = await fledge(['flags', 'rearm', 'new-checkout', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: neither a kill switch fired nor a guarded rollout rolled back');
    const md = (
      JSON.parse(await k(['get', 'featureflag', 'new-checkout', '-n', ns, '-o', 'json'])) as {
        metadata: { annotations?: Record<string, string> };
      }
    ).metadata;
    expect(md.annotations?.['fledge.dev/rearm']).toBeTruthy();
  });

  it('refuses a change that would make the flag invalid, before sending it', async () => {
    await k([
      'patch',
      'featureflag',
      'new-checkout',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"spec":{"rollout":null,"rules":null,"targeting":{"if":[true,"on","off"]}}}',
    ]);
    const r = await fledge(['flags', 'rollout', 'new-checkout', '10', '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^fledge flags rollout: FeatureFlag ${ns}/new-checkout: not changed, the result would be invalid: spec`,
      ),
    );
    expect((await spec('new-checkout'))['rollout']).toBeUndefined();
  });

  it('forbidden with the unprivileged kubeconfig names the verb and resource', async () => {
    const r = await fledge(['flags', 'disable', 'new-checkout', '-n', ns], {
      env: { KUBECONFIG: testbed().KUBECONFIG_UNPRIVILEGED },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/forbidden: .*cannot get resource "featureflags" in API group "fledge.dev"/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('not found (exit 3)', async () => {
    const r = await fledge(['flags', 'enable', 'nope', '-n', ns]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`fledge flags enable: FeatureFlag ${ns}/nope not found\n`);
  });
});

describe('fledge lint', () => {
  it('exits 0 and 1 on the fixtures', async () => {
    const dir = join(repo, 'test', 'unit', 'cli', 'fixtures');
    expect((await fledge(['lint', join(dir, 'good.yaml')])).code).toBe(0);
    const bad = await fledge(['lint', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout.trim().split('\n')).toHaveLength(4);
  });
});
