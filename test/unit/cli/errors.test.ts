import { describe, expect, it } from 'vitest';
import { FledgeError, ValidationError } from '../../../src/api/errors.js';
import { CliError, EXIT, UsageError, explain } from '../../../src/cli/errors.js';
import { KubeApiError } from '../../../src/kube/api-error.js';
import { errorFromBody } from '../../../src/kube/rest.js';

const status = (code: number, reason: string, message: string, details?: object) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details });

describe('explain', () => {
  it.each([
    [
      'object not found',
      errorFromBody(
        'Canary shop/web',
        404,
        status(404, 'NotFound', 'canaries.fledge.dev "web" not found', {
          name: 'web',
          group: 'fledge.dev',
          kind: 'canaries',
        }),
      ),
      'Canary shop/web not found',
      EXIT.notFound,
    ],
    [
      'not found in a patch names the object, not the verb',
      errorFromBody('patch FeatureFlag shop/x', 404, status(404, 'NotFound', 'not found', { name: 'x' })),
      'FeatureFlag shop/x not found',
      EXIT.notFound,
    ],
    [
      'resource type not served → CRDs',
      errorFromBody('list canaries in shop', 404, '404 page not found\n'),
      'Fledge CRDs are not installed in this cluster: run `kubectl apply -f crds/` (list canaries in shop: the server has no such resource)',
      EXIT.notFound,
    ],
    [
      'forbidden names verb and resource',
      errorFromBody(
        'list canaries in default',
        403,
        status(
          403,
          'Forbidden',
          'canaries.fledge.dev is forbidden: User "dev" cannot list resource "canaries" in API group "fledge.dev" in the namespace "default"',
        ),
      ),
      'forbidden: canaries.fledge.dev is forbidden: User "dev" cannot list resource "canaries" in API group "fledge.dev" in the namespace "default"; ask a cluster admin for that permission (RBAC)',
      EXIT.forbidden,
    ],
    [
      'unauthorized',
      errorFromBody('list canaries in default', 401, status(401, 'Unauthorized', 'Unauthorized')),
      "unauthorized: the API server rejected the kubeconfig's credentials (list canaries in default); log in again or pick another context",
      EXIT.forbidden,
    ],
    [
      'unreachable server',
      new KubeApiError('list canaries in default', 0, {
        message: 'connect ECONNREFUSED 127.0.0.1:6443',
        cause: new Error('connect ECONNREFUSED 127.0.0.1:6443'),
      }),
      'cannot reach the Kubernetes API server (connect ECONNREFUSED 127.0.0.1:6443); check that the cluster is up and the kubeconfig context is the right one',
      EXIT.unreachable,
    ],
    [
      'conflict',
      errorFromBody('patch FeatureFlag shop/x', 409, status(409, 'Conflict', 'the object has been modified')),
      'conflict: patch FeatureFlag shop/x changed while it was being updated; run the command again',
      EXIT.failed,
    ],
    [
      'invalid',
      errorFromBody(
        'patch FeatureFlag shop/x',
        422,
        status(422, 'Invalid', 'FeatureFlag.fledge.dev "x" is invalid: spec.state: Unsupported value'),
      ),
      'rejected by the API server: FeatureFlag.fledge.dev "x" is invalid: spec.state: Unsupported value',
      EXIT.failed,
    ],
    ['usage', new UsageError('lint needs at least one file'), 'lint needs at least one file', EXIT.usage],
    [
      'cli error keeps its code',
      new CliError('no kubeconfig found', EXIT.unreachable),
      'no kubeconfig found',
      EXIT.unreachable,
    ],
    [
      'kubeconfig that does not load',
      new FledgeError('KubeConfig', 'kubeconfig /k: bad yaml'),
      'kubeconfig /k: bad yaml',
      EXIT.unreachable,
    ],
    [
      'validation error',
      new ValidationError([{ path: 'spec.x', message: 'required' }], {
        resource: { kind: 'Canary', name: 'a' },
      }),
      'Canary a: spec.x: required',
      EXIT.failed,
    ],
    ['anything else', 'boom', 'boom', EXIT.failed],
  ])('%s', (_name, err, message, exitCode) => {
    expect(explain(err)).toEqual({ message, exitCode });
  });

  it('never includes a stack trace', () => {
    const err = new Error('bad');
    expect(explain(err).message).not.toContain('at ');
  });
});
