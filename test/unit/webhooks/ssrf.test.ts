import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, parseIPv6 } from '../../../src/webhooks/ssrf.js';

describe('checkWebhookUrl', () => {
  it.each<[string, string, string[], string | undefined]>([
    ['a cluster service', 'http://loadtester.test/', ['10.0.0.5'], undefined],
    ['public https', 'https://hooks.example.com/x', ['93.184.216.34'], undefined],
    ['AWS/GCP/Azure metadata IP', 'http://169.254.169.254/latest/meta-data/', [], 'MetadataAddress'],
    ['metadata IP in decimal', 'http://2852039166/', [], 'MetadataAddress'],
    ['metadata IP in hex', 'http://0xA9FEA9FE/', [], 'MetadataAddress'],
    ['GCP metadata host', 'http://metadata.google.internal/computeMetadata/v1/', [], 'MetadataHost'],
    ['metadata host, upper case and trailing dot', 'http://METADATA.google.internal./', [], 'MetadataHost'],
    ['link-local IPv4', 'http://169.254.10.1:8080/', [], 'LinkLocalAddress'],
    ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/', [], 'MetadataAddress'],
    ['link-local IPv6', 'http://[fe80::1]/', [], 'LinkLocalAddress'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/', [], 'MetadataAddress'],
    ['Alibaba metadata', 'http://100.100.100.200/', [], 'MetadataAddress'],
    [
      'a name resolving to metadata',
      'http://innocent.test/',
      ['10.0.0.1', '169.254.169.254'],
      'MetadataAddress',
    ],
    ['a name resolving to link-local v6', 'http://innocent.test/', ['fe80::abcd'], 'LinkLocalAddress'],
    ['not a URL', 'not a url', [], 'InvalidUrl'],
    ['file scheme', 'file:///etc/passwd', [], 'UnsupportedScheme'],
  ])('%s', (_name, url, resolved, refusal) => {
    const verdict = checkWebhookUrl(url, resolved);
    expect(verdict.allowed ? undefined : verdict.reason).toBe(refusal);
  });

  it.each([
    ['allowed host', 'http://169.254.169.254/', { allowedHosts: ['169.254.169.254'] }],
    ['allowed resolved address', 'http://node-agent.test/', { allowedHosts: ['169.254.1.1'] }],
    ['allowLinkLocal', 'http://metadata.google.internal/', { allowLinkLocal: true }],
  ])('explicitly allowed: %s', (_name, url, options) => {
    expect(checkWebhookUrl(url, ['169.254.1.1'], options)).toEqual({ allowed: true });
  });

  it('the refusal message names the URL and the address', () => {
    const v = checkWebhookUrl('http://x.test/', ['169.254.169.254']);
    expect(v).toMatchObject({ allowed: false, message: expect.stringContaining('http://x.test/') });
    expect(v.allowed || v.message).toContain('169.254.169.254');
  });
});

describe('address parsing', () => {
  it.each([
    ['169.254.0.1', 'LinkLocalAddress'],
    ['169.253.255.255', undefined],
    ['169.255.0.0', undefined],
    ['10.0.0.1', undefined],
    ['fe80::1', 'LinkLocalAddress'],
    ['febf:ffff::1', 'LinkLocalAddress'],
    ['fec0::1', undefined],
    ['::1', undefined],
    ['fd00:ec2::254', 'MetadataAddress'],
    ['::ffff:169.254.1.1', 'LinkLocalAddress'],
    ['not-an-ip', undefined],
  ])('%s → %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['fe80::1%eth0', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]],
  ])('parseIPv6(%s)', (text, groups) => {
    expect(parseIPv6(text)).toEqual(groups);
  });
});
