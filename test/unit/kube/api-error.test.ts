import { describe, expect, it } from 'vitest';
import {
  KubeApiError,
  isAlreadyExists,
  isConflict,
  isGone,
  isNotFound,
  statusOf,
} from '../../../src/kube/api-error.js';
import { errorFromBody } from '../../../src/kube/rest.js';

describe('KubeApiError', () => {
  it('names what it concerns and carries the apiserver reason', () => {
    const e = errorFromBody(
      'update status of Canary shop/a',
      409,
      JSON.stringify({ kind: 'Status', reason: 'Conflict', message: 'the object has been modified' }),
    );
    expect(e.message).toBe('update status of Canary shop/a: the object has been modified (409 Conflict)');
    expect(e.code).toBe('KubeApi');
    expect(isConflict(e)).toBe(true);
    expect(isAlreadyExists(e)).toBe(false);
  });

  it('copes with a non-JSON body', () => {
    const e = errorFromBody('get ConfigMap a/b', 503, 'upstream down');
    expect(e.message).toContain('upstream down');
    expect(e.status).toBe(503);
  });

  it('status helpers understand client-node ApiException too', () => {
    expect(statusOf({ code: 404 })).toBe(404);
    expect(isNotFound({ code: 404 })).toBe(true);
    expect(isGone(new KubeApiError('watch', 410))).toBe(true);
    expect(statusOf(new Error('x'))).toBeUndefined();
    expect(isAlreadyExists(new KubeApiError('create', 409, { reason: 'AlreadyExists' }))).toBe(true);
  });
});
