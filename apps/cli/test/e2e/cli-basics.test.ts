import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, CLI_ROOT } from './support/paths.js';
import { runCli } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

describe('help, version and completion', () => {
  let home: string;
  beforeAll(() => {
    home = makeTempDir();
  });
  afterAll(() => removeTempDir(home));

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(CLI_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version'], { home });
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('--help lists every command and the SSH examples', async () => {
    const result = await runCli(['--help'], { home });
    expect(result.code).toBe(0);
    for (const command of ['daemon', 'start', 'sessions', 'send', 'keys', 'attach', 'logs', 'stop', 'kill', 'rm', 'resize', 'rename', 'auth', 'token', 'audit', 'providers', 'approvals', 'approve', 'deny', 'doctor', 'completion']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}codepiper ${command}\\b`, 'm'));
    }
    expect(result.stdout).toContain('ssh your-server codepiper attach a1b2c3d4 --follow');
  });

  it('--help groups the commands: sessions, daemon, auth & tokens, agents, notifications', async () => {
    const { stdout } = await runCli(['--help'], { home });
    const headings = stdout.split('\n').filter((line) => /^\S.*:$/.test(line));
    expect(headings.slice(0, 6)).toEqual(['Sessions:', 'Daemon:', 'Auth & tokens:', 'Agents:', 'Notifications:', 'Other:']);
    const section = (title: string): string => stdout.slice(stdout.indexOf(`${title}:\n`)).split('\n\n')[0]!;
    expect(section('Sessions')).toMatch(/codepiper attach <ref>/);
    expect(section('Daemon')).toMatch(/codepiper daemon\b/);
    expect(section('Auth & tokens').match(/^ {2}codepiper (\w+)/gm)).toEqual(['  codepiper auth', '  codepiper token', '  codepiper audit']);
  });

  it('--help documents remote mode: --url, CODEPIPER_TOKEN, --token-file and NODE_EXTRA_CA_CERTS, but no --token flag', async () => {
    const { stdout } = await runCli(['sessions', '--help'], { home });
    expect(stdout).toMatch(/--url\s.*CODEPIPER_URL.*CODEPIPER_TOKEN.*NODE_EXTRA_CA_CERTS/);
    expect(stdout).toMatch(/--token-file\s/);
    expect(stdout).not.toMatch(/--token\s/);
  });

  it('attach --help documents the detach key and the exit status', async () => {
    const result = await runCli(['attach', '--help'], { home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Ctrl-]');
    expect(result.stdout).toContain('128 + the signal number');
  });

  it('completion prints a shell script that asks the CLI for completions', async () => {
    const script = await runCli(['completion'], { home });
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('--get-yargs-completions');
    const words = await runCli(['--get-yargs-completions', 'codepiper', 'daemon', ''], { home });
    expect(words.stdout.split('\n')).toEqual(expect.arrayContaining(['stop', 'status']));
  });

  it('runs the same from dist/bin.js, the ES module entry that service units of earlier versions start', async () => {
    expect(CLI_BIN.endsWith('dist/bin.cjs')).toBe(true);
    const env = { ...process.env, CODEPIPER_HOME: home };
    const viaEsm = await promisify(execFile)(process.execPath, [join(CLI_ROOT, 'dist/bin.js'), 'sessions', '--help'], { env });
    const viaCjs = await runCli(['sessions', '--help'], { home });
    expect(viaCjs.code).toBe(0);
    expect(viaEsm.stdout).toBe(viaCjs.stdout);
    expect(viaEsm.stdout).toContain('codepiper sessions');
  });
});
