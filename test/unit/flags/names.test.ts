import { describe, expect, it } from 'vitest';
import { CONTENT_HASH_ANNOTATION, configMapName, flagSetLabels } from '../../../src/flags/names.js';

describe('flag set names', () => {
  it('follow the DESIGN: fledge-flags-<set>, fledge.dev/content-hash, managed-by labels', () => {
    expect(configMapName('default')).toBe('fledge-flags-default');
    expect(CONTENT_HASH_ANNOTATION).toBe('fledge.dev/content-hash');
    expect(flagSetLabels('web')).toEqual({
      'app.kubernetes.io/managed-by': 'fledge',
      'fledge.dev/flag-set': 'web',
    });
  });
});
