import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('parseConfig', () => {
  it('has defaults', () => {
    const c = parseConfig([], { POD_NAME: 'fledge-0' });
    expect(c).toEqual({
      kubeconfig: undefined,
      namespaces: [],
      metricsAddr: ':8080',
      leaderElect: false,
      leaderElectionNamespace: 'fledge-system',
      leaderElectionId: 'fledge-leader',
      leaderElectionIdentity: 'fledge-0',
      logLevel: 'info',
      prometheusUrl: undefined,
      workers: 2,
    });
  });

  it('reads flags, with repeatable --namespace', () => {
    const c = parseConfig(
      [
        '--kubeconfig=/tmp/kc',
        '--namespace',
        'shop',
        '-n',
        'blog',
        '--metrics-addr',
        '127.0.0.1:0',
        '--leader-elect',
        '--leader-election-namespace',
        'ops',
        '--leader-election-id',
        'x-lock',
        '--leader-election-identity',
        'me',
        '--log-level',
        'debug',
        '--prometheus-url',
        'http://prom:9090',
        '--workers',
        '8',
      ],
      {},
    );
    expect(c).toMatchObject({
      kubeconfig: '/tmp/kc',
      namespaces: ['shop', 'blog'],
      metricsAddr: '127.0.0.1:0',
      leaderElect: true,
      leaderElectionNamespace: 'ops',
      leaderElectionId: 'x-lock',
      leaderElectionIdentity: 'me',
      logLevel: 'debug',
      prometheusUrl: 'http://prom:9090',
      workers: 8,
    });
  });

  it('reads FLEDGE_* env, and flags win over env', () => {
    const env = {
      FLEDGE_NAMESPACE: 'a, b',
      FLEDGE_METRICS_ADDR: ':9090',
      FLEDGE_LEADER_ELECT: 'true',
      FLEDGE_LOG_LEVEL: 'warn',
      FLEDGE_WORKERS: '3',
      FLEDGE_PROMETHEUS_URL: 'https://p.example',
      POD_NAMESPACE: 'fledge',
    };
    expect(parseConfig([], env)).toMatchObject({
      namespaces: ['a', 'b'],
      metricsAddr: ':9090',
      leaderElect: true,
      logLevel: 'warn',
      workers: 3,
      prometheusUrl: 'https://p.example',
      leaderElectionNamespace: 'fledge',
    });
    expect(parseConfig(['--workers', '5', '-n', 'c', '--no-leader-elect'], env)).toMatchObject({
      workers: 5,
      namespaces: ['c'],
      leaderElect: false,
    });
  });

  it.each([
    [['--workers', '0'], {}, '--workers'],
    [['--workers', 'many'], {}, '--workers'],
    [[], { FLEDGE_WORKERS: '2.5' }, '--workers'],
    [['--log-level', 'loud'], {}, '--log-level'],
    [['--metrics-addr', '8080'], {}, '--metrics-addr'],
    [['--prometheus-url', 'prom:9090'], {}, '--prometheus-url'],
    [['--namespace', 'Bad_NS'], {}, '--namespace'],
    [[], { FLEDGE_LEADER_ELECT: 'maybe' }, '--leader-elect'],
    [['--leader-election-id', 'UPPER'], {}, '--leader-election-id'],
    [['--bogus'], {}, 'bogus'],
  ])('%j %j is rejected naming %s', (argv, env, flag) => {
    let err: unknown;
    try {
      parseConfig(argv, env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(flag);
  });
});
