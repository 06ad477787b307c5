/**
 * The e2e target matrix: the local bed is always a target, and each
 * unavailable target is reported with its reason instead of silently dropped.
 */
import { describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import { describeTargets, e2eTargets } from '../../support/targets.js';

describe('e2e targets', () => {
  it('always offers the local bed and gives a reason for every target', () => {
    const targets = e2eTargets();
    expect(targets.map((t) => t.name)).toEqual(['local', 'kubeconfig', 'k3s']);
    expect(targets[0]).toMatchObject({ name: 'local', available: true });
    for (const t of targets) expect(t.reason).not.toBe('');
  });
});

describeTargets('a target cluster', (target) => {
  it('answers kubectl with the kubeconfig it provides', async () => {
    const version = await kubectl(['version', '-o', 'json'], { kubeconfig: target.kubeconfig });
    expect(JSON.parse(version)).toHaveProperty('serverVersion.gitVersion');
  });
});
