import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { prometheusConfig } from '../../../test/support/prometheus.js';

describe('the bed’s Prometheus config', () => {
  it('scrapes the mesh simulator every second', () => {
    const cfg = parse(prometheusConfig({ meshUrl: 'http://127.0.0.1:41791' }));
    expect(cfg.global).toEqual({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
    expect(cfg.scrape_configs).toEqual([
      { job_name: 'mesh', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:41791'] }] },
    ]);
  });

  it('has no scrape job without a mesh', () => {
    expect(parse(prometheusConfig({ meshUrl: undefined })).scrape_configs).toEqual([]);
  });
});

describe('run-time scrape targets', () => {
  it('adds a file_sd job re-read every second when a targets glob is given', () => {
    const cfg = parse(
      prometheusConfig({ meshUrl: undefined, targetsGlob: '/bed/prometheus/targets/*.json' }),
    );
    expect(cfg.scrape_configs).toEqual([
      {
        job_name: 'test-targets',
        metrics_path: '/metrics',
        file_sd_configs: [{ files: ['/bed/prometheus/targets/*.json'], refresh_interval: '1s' }],
      },
    ]);
  });
});
