import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DaemonStatus } from '@codepiper/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killPtyHost } from './support/daemon-process.js';
import { freePort } from './support/local-registry.js';
import { runCli, stderrLines } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

describe('codepiper config', () => {
  let home: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { home, env });

  beforeAll(() => {
    home = join(makeTempDir(), 'home');
  });
  afterAll(() => removeTempDir(join(home, '..')));

  it('sets validated values into a private config.json, creating the home, and reads them back', async () => {
    expect((await cli(['config', 'set', 'port', '3100'])).code).toBe(0);
    const set = await cli(['config', 'set', 'publicHosts', 'CP.example.com,other.example.com']);
    expect(set.stdout).toBe(`publicHosts = cp.example.com,other.example.com (in ${join(home, 'config.json')})\n`);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'config.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'))).toEqual({ port: 3100, publicHosts: ['cp.example.com', 'other.example.com'] });
    expect((await cli(['config', 'get', 'port'])).stdout).toBe('3100\n');
    expect(JSON.parse((await cli(['config', 'get', 'publicHosts', '--json'])).stdout)).toEqual(['cp.example.com', 'other.example.com']);
  });

  it('refuses a bad value naming the setting, and an unknown key listing the keys, with exit 2 and no write', async () => {
    const before = readFileSync(join(home, 'config.json'), 'utf8');
    const bad = await cli(['config', 'set', 'wsPort', 'ninety']);
    expect(bad.code).toBe(2);
    expect(stderrLines(bad)).toEqual([expect.stringMatching(/^codepiper: wsPort: expected a port: a whole number from 0 to 65535/)]);
    const unknown = await cli(['config', 'set', 'colour', 'blue']);
    expect(unknown.code).toBe(2);
    expect(stderrLines(unknown)[0]).toMatch(/^codepiper: unknown setting "colour"; the settings are: host, port, wsPort, web, trustProxy, publicHosts, allowedOrigins, logCapBytes, approvalTimeout, pushSubject, metricsPort, prices/);
    expect((await cli(['config', 'get', 'colour'])).code).toBe(2);
    expect(readFileSync(join(home, 'config.json'), 'utf8')).toBe(before);
  });

  it('lists every setting with its value and source: environment over config.json over default', async () => {
    const listed = JSON.parse((await cli(['config', 'list', '--json'], { CODEPIPER_PORT: '4100' })).stdout) as { file: string; settings: Record<string, { value: unknown; source: string; env?: string }> };
    expect(listed.file).toBe(join(home, 'config.json'));
    expect(listed.settings.port).toEqual({ value: 4100, source: 'env', env: 'CODEPIPER_PORT' });
    expect(listed.settings.publicHosts).toEqual({ value: ['cp.example.com', 'other.example.com'], source: 'config' });
    expect(listed.settings.wsPort).toEqual({ value: 9999, source: 'default' });
    const table = await cli(['config', 'list']);
    expect(table.stdout).toMatch(/^SETTING +VALUE +SOURCE\n/);
    expect(table.stdout).toMatch(/\nport +3100 +config\.json\n/);
    expect((await cli(['config', 'unset', 'port'])).code).toBe(0);
    expect((await cli(['config', 'get', 'port'])).stdout).toBe('3000\n');
  });

  it('fails (exit 1) naming the field when config.json itself is broken', async () => {
    writeFileSync(join(home, 'config.json'), JSON.stringify({ approvalTimeout: 0 }));
    const broken = await cli(['config', 'list']);
    expect(broken.code).toBe(1);
    expect(stderrLines(broken)).toEqual([`codepiper: ${join(home, 'config.json')} is invalid: approvalTimeout: expected at least 1 second`]);
    writeFileSync(join(home, 'config.json'), '{}');
  });
});

describe('daemon settings precedence', () => {
  let home: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { home, env });

  beforeAll(() => {
    home = join(makeTempDir(), 'home');
  });
  afterEach(async () => {
    await cli(['daemon', 'stop', '--kill-sessions']);
    await killPtyHost(home);
  });
  afterAll(() => removeTempDir(join(home, '..')));

  const start = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<DaemonStatus> => {
    const started = await cli(['daemon', '--detach', '--json', ...args], env);
    expect(started.code, started.stderr).toBe(0);
    return JSON.parse(started.stdout) as DaemonStatus;
  };

  it('takes config.json, then CODEPIPER_* over it, then flags over both', async () => {
    const [fromConfig, fromEnv, fromFlag, wsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    expect((await cli(['config', 'set', 'web', 'true'])).code).toBe(0);
    expect((await cli(['config', 'set', 'port', String(fromConfig)])).code).toBe(0);
    expect((await cli(['config', 'set', 'wsPort', String(wsPort)])).code).toBe(0);

    expect(await start([])).toMatchObject({ web: { port: fromConfig }, ws: { port: wsPort } });
    await cli(['daemon', 'stop']);
    expect(await start([], { CODEPIPER_PORT: String(fromEnv) })).toMatchObject({ web: { port: fromEnv }, ws: { port: wsPort } });
    await cli(['daemon', 'stop']);
    expect(await start(['--port', String(fromFlag)], { CODEPIPER_PORT: String(fromEnv) })).toMatchObject({ web: { port: fromFlag } });
    await cli(['daemon', 'stop']);
    expect(await start(['--no-web'])).toMatchObject({ web: null, ws: { port: wsPort } });
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const refused = await cli(['daemon', '--detach'], { CODEPIPER_WS_PORT: 'lots' });
    expect(refused.code).toBe(1);
    expect(stderrLines(refused)).toEqual(['codepiper: CODEPIPER_WS_PORT=lots: expected a port: a whole number from 0 to 65535 (0 picks a free port)']);
  });
});
