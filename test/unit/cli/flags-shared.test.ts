import { describe, expect, it } from 'vitest';
import { viewFlag } from '../../../src/cli/flags-shared.js';

describe('viewFlag', () => {
  it('defaults what the spec leaves out', () => {
    expect(
      viewFlag({ metadata: { name: 'f', namespace: 'n' }, spec: { defaultVariant: 'off' } }),
    ).toMatchObject({
      key: 'f',
      set: 'default',
      state: 'ENABLED',
      rollout: undefined,
      ready: undefined,
      killSwitchFired: false,
    });
  });

  it.each([
    ['static', { rollout: { percentage: 10 } }, {}, '10%'],
    [
      'guarded: the live percentage',
      { rollout: { strategy: 'guarded', percentage: 50 } },
      { rollout: { percentage: 5 } },
      '5% guarded',
    ],
    ['guarded without a ceiling', { rollout: { strategy: 'guarded' } }, {}, 'guarded'],
  ])('rollout %s', (_n, spec, status, expected) => {
    expect(viewFlag({ metadata: { name: 'f' }, spec, status }).rollout).toBe(expected);
  });

  it('reads readiness and where the flag is published', () => {
    const v = viewFlag({
      metadata: { name: 'f', namespace: 'n' },
      spec: { key: 'k', flagSet: 'web' },
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'Invalid', message: 'spec.x: bad' }],
        publishedTo: { namespace: 'n', configMap: 'fledge-flags-web' },
        killSwitch: { fired: true },
      },
    });
    expect(v).toMatchObject({ key: 'k', set: 'web', ready: 'False (Invalid)', readyMessage: 'spec.x: bad' });
    expect(v).toMatchObject({ publishedTo: 'n/fledge-flags-web', killSwitchFired: true });
  });
});
