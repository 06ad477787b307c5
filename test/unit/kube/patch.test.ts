import { describe, expect, it } from 'vitest';
import { PatchType, guardedJsonPatch, jsonPointerEscape, patchOptions } from '../../../src/kube/patch.js';

describe('patch helpers', () => {
  it('content types are the apiserver ones', () => {
    expect(PatchType).toEqual({
      Merge: 'application/merge-patch+json',
      Json: 'application/json-patch+json',
      Strategic: 'application/strategic-merge-patch+json',
      Apply: 'application/apply-patch+yaml',
    });
  });

  it('escapes JSON pointer keys', () => {
    expect(jsonPointerEscape('fledge.dev/hash~x')).toBe('fledge.dev~1hash~0x');
  });

  it('guards a JSON patch with a resourceVersion test', () => {
    expect(guardedJsonPatch('42', [{ op: 'replace', path: '/spec/replicas', value: 0 }])).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '42' },
      { op: 'replace', path: '/spec/replicas', value: 0 },
    ]);
  });

  it('patchOptions yields client-node configuration options with a middleware', () => {
    const opts = patchOptions(PatchType.Merge);
    expect(opts.middleware).toHaveLength(1);
  });
});
