import { describe, expect, it } from 'vitest';
import {
  CANARY_ACTIONS,
  RESUME_ANNOTATION,
  actionPatch,
  canaryActionCommand,
} from '../../../src/cli/canary-actions.js';
import { captureIo } from './io.js';

const AT = '2026-01-01T00:00:00Z';

describe('actionPatch', () => {
  it.each([
    ['promote', { 'fledge.dev/promote': AT }],
    ['abort', { 'fledge.dev/abort': AT }],
    ['retry', { 'fledge.dev/retry': AT }],
    ['pause', { 'fledge.dev/pause': AT, [RESUME_ANNOTATION]: null }],
    ['resume', { [RESUME_ANNOTATION]: AT, 'fledge.dev/pause': null }],
  ] as const)('%s', (action, annotations) => {
    expect(actionPatch(action, AT)).toEqual({ metadata: { annotations } });
  });

  it('only promote, abort and retry depend on the phase', () => {
    expect(
      Object.entries(CANARY_ACTIONS)
        .filter(([, a]) => a.phases)
        .map(([n]) => n),
    ).toEqual(['promote', 'abort', 'retry']);
  });
});

describe('canaryActionCommand', () => {
  it('explains its annotation in --help', async () => {
    const io = captureIo();
    expect(await canaryActionCommand('abort')(['--help'], io)).toBe(0);
    expect(io.stdout()).toContain('fledge.dev/abort');
  });

  it('needs a name', async () => {
    const io = captureIo();
    expect(await canaryActionCommand('promote')(['canary', 'a', 'b'], io)).toBe(2);
    expect(io.stderr()).toContain('promote needs one canary name');
  });
});
