import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from './support/paths.js';
import { runCli } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

/**
 * `codepiper service` with HOME in a temp folder. --no-start / --no-stop keep the test from asking a
 * user systemd that may exist on a developer's machine; the unit itself is verified by
 * systemd-analyze in src/service/systemd-unit.test.ts.
 */
describe('codepiper service (Linux)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let unitFile: string;
  const cli = (args: string[]) => runCli(args, { home: join(dir, 'cp-home'), env });

  beforeAll(() => {
    dir = makeTempDir();
    env = { HOME: dir, XDG_CONFIG_HOME: '' };
    unitFile = join(dir, '.config', 'systemd', 'user', 'codepiper.service');
  });
  afterAll(() => removeTempDir(dir));

  it('prints the unit with --dry-run: this Node and this CLI, daemon --web, the flags given, the home', async () => {
    const dry = await cli(['service', 'install', '--dry-run', '--port', '3100', '--trust-proxy', '--public-host', 'cp.example.com']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`ExecStart="${process.execPath}" "${CLI_BIN}" "daemon" "--web" "--port" "3100" "--trust-proxy" "--public-host" "cp.example.com"\n`);
    expect(dry.stdout).toContain(`Environment="CODEPIPER_HOME=${join(dir, 'cp-home')}"\n`);
    expect(dry.stdout).toContain('KillMode=process\n');
    expect(existsSync(unitFile)).toBe(false);
  });

  it('refuses bad flags before writing anything (exit 2)', async () => {
    const bad = await cli(['service', 'install', '--push-subject', 'nobody']);
    expect(bad.code).toBe(2);
    expect(existsSync(unitFile)).toBe(false);
  });

  it('installs into ~/.config/systemd/user, reports it, and uninstalls', async () => {
    const installed = await cli(['service', 'install', '--no-start']);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(`wrote ${unitFile}\n`);
    expect(installed.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now codepiper.service');
    expect(readFileSync(unitFile, 'utf8')).toContain(`ExecStart="${process.execPath}" "${CLI_BIN}" "daemon" "--web"\n`);

    const status = await cli(['service', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ platform: 'systemd', file: unitFile, installed: true, daemon: { running: false } });

    const removed = await cli(['service', 'uninstall', '--no-stop']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(unitFile)).toBe(false);
    expect((await cli(['service', 'status'])).code).toBe(1);
  });
});
