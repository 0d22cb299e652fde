import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { DAEMON_SETTING_DEFAULTS, DAEMON_SETTING_INFO, DAEMON_SETTING_KEYS, parseSettingText } from './daemon-settings.js';
import { loadDaemonSettings, resolveDaemonSettings } from './resolve-daemon-settings.js';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('bad_request');
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('resolveDaemonSettings', () => {
  it('gives the defaults when no source says anything', () => {
    const { settings, sources } = resolveDaemonSettings({});
    expect(settings).toEqual(DAEMON_SETTING_DEFAULTS);
    expect(new Set(Object.values(sources))).toEqual(new Set(['default']));
    expect(settings).toMatchObject({ host: '127.0.0.1', port: 3000, wsPort: 9999, web: false, metricsPort: null });
  });

  it('takes flags over CODEPIPER_* variables over config.json over defaults, per setting', () => {
    const { settings, sources } = resolveDaemonSettings({
      flags: { port: 4000 },
      env: { CODEPIPER_PORT: '5000', CODEPIPER_WS_PORT: '5001', CODEPIPER_WEB: 'yes' },
      file: { port: 6000, wsPort: 6001, host: '0.0.0.0', approvalTimeout: 60 },
    });
    expect(settings).toMatchObject({ port: 4000, wsPort: 5001, web: true, host: '0.0.0.0', approvalTimeout: 60, trustProxy: false });
    expect(sources).toMatchObject({ port: 'flag', wsPort: 'env', web: 'env', host: 'config', approvalTimeout: 'config', trustProxy: 'default' });
  });

  it('lets a flag turn off what the config file turns on (--no-web)', () => {
    expect(resolveDaemonSettings({ flags: { web: false }, file: { web: true } }).settings.web).toBe(false);
  });

  it('ignores an empty variable, as shells leave them', () => {
    expect(resolveDaemonSettings({ env: { CODEPIPER_HOST: '' }, file: { host: '0.0.0.0' } }).settings.host).toBe('0.0.0.0');
  });

  it('reads lists from comma-separated variables, and null ports from "off"', () => {
    const { settings } = resolveDaemonSettings({
      env: { CODEPIPER_PUBLIC_HOSTS: 'CodePiper.example.com, other.example.com', CODEPIPER_ALLOWED_ORIGINS: '["https://a.example.com"]', CODEPIPER_METRICS_PORT: 'off' },
      file: { metricsPort: 9100 },
    });
    expect(settings.publicHosts).toEqual(['codepiper.example.com', 'other.example.com']);
    expect(settings.allowedOrigins).toEqual(['https://a.example.com']);
    expect(settings.metricsPort).toBeNull();
  });

  it('names the variable and its value when it is bad, instead of falling back', () => {
    expect(messageOf(() => resolveDaemonSettings({ env: { CODEPIPER_PORT: 'abc' }, file: { port: 3001 } }))).toBe(
      'CODEPIPER_PORT=abc: expected a port: a whole number from 0 to 65535 (0 picks a free port)',
    );
    expect(messageOf(() => resolveDaemonSettings({ env: { CODEPIPER_WEB: 'maybe' } }))).toBe('CODEPIPER_WEB=maybe: expected true or false');
    expect(messageOf(() => resolveDaemonSettings({ env: { CODEPIPER_PUBLIC_HOSTS: 'ok.example.com,https://bad.example.com' } }))).toMatch(
      /^CODEPIPER_PUBLIC_HOSTS=.*: expected a bare host name .* \(item 1\)$/,
    );
  });

  it('names the flag when a flag is bad', () => {
    expect(messageOf(() => resolveDaemonSettings({ flags: { approvalTimeout: 0 } }))).toBe('--approval-timeout: expected at least 1 second');
    expect(messageOf(() => resolveDaemonSettings({ flags: { pushSubject: 'me@example.com' } }))).toMatch(/^--push-subject: expected mailto:/);
  });
});

describe('loadDaemonSettings', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'codepiper-settings-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reads config.json under the flags and the environment', () => {
    writeFileSync(join(home, 'config.json'), JSON.stringify({ port: 3100, wsPort: 3101, web: true, publicHosts: ['cp.example.com'] }));
    const { settings, sources } = loadDaemonSettings(home, { wsPort: 0 }, { CODEPIPER_WEB: 'false' });
    expect(settings).toMatchObject({ port: 3100, wsPort: 0, web: false, publicHosts: ['cp.example.com'] });
    expect(sources).toMatchObject({ port: 'config', wsPort: 'flag', web: 'env', publicHosts: 'config' });
  });

  it('refuses a config file with a bad setting, naming the file and the field', () => {
    writeFileSync(join(home, 'config.json'), JSON.stringify({ wsPort: 70000 }));
    expect(messageOf(() => loadDaemonSettings(home))).toBe(`${join(home, 'config.json')} is invalid: wsPort: expected a port: a whole number from 0 to 65535`);
  });
});

describe('DAEMON_SETTING_INFO', () => {
  it('spells every setting as a CODEPIPER_ variable and a daemon flag, and its default passes its own schema', () => {
    for (const key of DAEMON_SETTING_KEYS) {
      expect(DAEMON_SETTING_INFO[key].env).toMatch(/^CODEPIPER_[A-Z_]+$/);
      expect(DAEMON_SETTING_INFO[key].flag).toMatch(/^--[a-z-]+$/);
    }
    expect(resolveDaemonSettings({ flags: { ...DAEMON_SETTING_DEFAULTS } }).settings).toEqual(DAEMON_SETTING_DEFAULTS);
  });
});

describe('parseSettingText', () => {
  it('turns text into numbers, booleans, lists and null, and leaves what does not parse for the schema to explain', () => {
    expect(parseSettingText('port', ' 3000 ')).toBe(3000);
    expect(parseSettingText('port', '30x')).toBe('30x');
    expect(parseSettingText('trustProxy', 'ON')).toBe(true);
    expect(parseSettingText('trustProxy', '0')).toBe(false);
    expect(parseSettingText('publicHosts', 'a.example, ,b.example')).toEqual(['a.example', 'b.example']);
    expect(parseSettingText('publicHosts', '')).toEqual([]);
    expect(parseSettingText('metricsPort', 'null')).toBeNull();
    expect(parseSettingText('metricsPort', '9100')).toBe(9100);
    expect(parseSettingText('host', ' 0.0.0.0 ')).toBe('0.0.0.0');
  });
});
