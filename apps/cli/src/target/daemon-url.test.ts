import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { displayUrl, parseDaemonUrl } from './daemon-url.js';

describe('parseDaemonUrl', () => {
  it('accepts http and https URLs, IPv6 hosts and a path prefix', () => {
    expect(parseDaemonUrl('http://127.0.0.1:3000', '--url').host).toBe('127.0.0.1:3000');
    expect(parseDaemonUrl(' https://box.example:8443/ ', '--url').protocol).toBe('https:');
    expect(parseDaemonUrl('http://[::1]:3000', '--url').hostname).toBe('[::1]');
    expect(parseDaemonUrl('https://proxy.example/codepiper/', '--url').pathname).toBe('/codepiper/');
  });

  it('refuses other schemes, credentials, queries and non-URLs as usage errors naming the source', () => {
    const cases: [string, RegExp][] = [
      ['ws://host:9999', /^CODEPIPER_URL must be an http:\/\/ or https:\/\/ URL, got "ws:"$/],
      ['http://me:pw@host:3000', /^CODEPIPER_URL must not hold credentials/],
      ['http://host:3000/?token=x', /^CODEPIPER_URL must not have a query or fragment/],
      ['host:3000', /^CODEPIPER_URL must be an http/],
      ['not a url', /^CODEPIPER_URL is not a URL: "not a url"/],
    ];
    for (const [text, message] of cases) {
      let thrown: unknown;
      try {
        parseDaemonUrl(text, 'CODEPIPER_URL');
      } catch (error) {
        thrown = error;
      }
      expect(thrown, text).toBeInstanceOf(UsageError);
      expect((thrown as Error).message, text).toMatch(message);
    }
  });
});

describe('displayUrl', () => {
  it('shows origin and path prefix without a trailing slash', () => {
    expect(displayUrl(new URL('http://127.0.0.1:3000/'))).toBe('http://127.0.0.1:3000');
    expect(displayUrl(new URL('https://proxy.example/codepiper/'))).toBe('https://proxy.example/codepiper');
  });
});
