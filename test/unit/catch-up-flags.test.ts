// Headless mode's catch-up flags: read by the contract's rules, secrets also from the environment, with a
// warning for a secret on the command line.

import { describe, expect, it } from 'vitest';
import { parseServeArgs, secretFlagWarnings } from '../../electron/headless';

describe('catch-up flags', () => {
  it('read the provider, URL, token and key; absent ones are kept', () => {
    const options = parseServeArgs(
      ['--vendor-api', 'marketing-edge', '--vendor-api-url', 'http://127.0.0.1:9000/me/v5/', '--vendor-api-token', 'T', '--vendor-api-key', 'K'],
      {},
    );
    expect(options).toMatchObject({
      catchUp: { settings: { provider: 'marketing-edge', baseUrl: 'http://127.0.0.1:9000/me/v5', token: 'T', key: 'K' } },
    });
    expect(parseServeArgs([], {})).toMatchObject({ catchUp: undefined });
  });

  it('take the token and key from the environment', () => {
    const options = parseServeArgs(['--vendor-api', 'telmetrics'], { CALL_ALERTS_VENDOR_API_TOKEN: 'env-token', CALL_ALERTS_VENDOR_API_KEY: '' });
    expect(options).toMatchObject({ catchUp: { settings: { provider: 'telmetrics', token: 'env-token' } } });
    expect(parseServeArgs([], { CALL_ALERTS_VENDOR_API_KEY: 'env-key' })).toMatchObject({ catchUp: { settings: { key: 'env-key' } } });
  });

  it('refuse what the contract refuses, naming the flag', () => {
    expect(() => parseServeArgs(['--vendor-api', 'marchex'], {})).toThrow(/--vendor-api: must be one of marketing-edge, telmetrics, off/);
    expect(() => parseServeArgs(['--vendor-api-url', 'ftp://x'], {})).toThrow(/--vendor-api-url: must be an http\(s\) address/);
    expect(() => parseServeArgs(['--vendor-api-url', 'https://x.example/v5?token=T'], {})).toThrow(/--vendor-api-url/);
  });

  it('warn about a token or key on the command line', () => {
    expect(secretFlagWarnings(['--vendor-api-token', 'T', '--vendor-api-key=K'])).toEqual([
      expect.stringContaining('set CALL_ALERTS_VENDOR_API_TOKEN in the environment'),
      expect.stringContaining('set CALL_ALERTS_VENDOR_API_KEY in the environment'),
    ]);
  });
});
