import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult } from './command-runner.js';
import { LAUNCHD_LABEL } from './launchd-plist.js';
import { installService, serviceStatus, uninstallService, type ServiceContext } from './service-manager.js';
import { serviceFilePath, type ServicePlatform } from './service-paths.js';

let userHome: string;
beforeEach(() => {
  userHome = mkdtempSync(join(tmpdir(), 'cp-svc-'));
});
afterEach(() => rmSync(userHome, { recursive: true, force: true }));

/** A service manager that answers from a table and records what it was asked. */
function fakeContext(platform: ServicePlatform, answers: Record<string, Partial<CommandResult>>, running = false) {
  const calls: string[] = [];
  const printed: string[] = [];
  const ctx: ServiceContext = {
    platform,
    file: serviceFilePath(platform, userHome, {}),
    spec: { nodePath: '/usr/bin/node', cliPath: '/opt/cli/dist/bin.cjs', args: ['daemon', '--web'], home: join(userHome, '.codepiper'), path: '/usr/bin:/bin' },
    run: (command, args) => {
      const line = [command, ...args].join(' ');
      calls.push(line);
      const answer = answers[line] ?? {};
      return { code: answer.code ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
    },
    uid: 501,
    user: 'me',
    daemonRunning: async () => running,
    print: (line) => printed.push(line),
  };
  return { ctx, calls, printed };
}

describe('installService (systemd)', () => {
  it('writes ~/.config/systemd/user/codepiper.service, reloads, enables and starts it', async () => {
    const { ctx, calls, printed } = fakeContext('systemd', { 'loginctl show-user me --property=Linger --value': { stdout: 'yes\n' } });
    await installService(ctx, { start: true });
    expect(ctx.file).toBe(join(userHome, '.config/systemd/user/codepiper.service'));
    expect(readFileSync(ctx.file, 'utf8')).toContain('ExecStart="/usr/bin/node" "/opt/cli/dist/bin.cjs" "daemon" "--web"');
    expect(calls).toEqual(['systemctl --user show-environment', 'systemctl --user daemon-reload', 'systemctl --user enable --now codepiper.service', 'loginctl show-user me --property=Linger --value']);
    expect(printed.some((line) => line.includes('enable-linger'))).toBe(false);
  });

  it('only enables it while a daemon runs outside the service, and says how to switch over', async () => {
    const { ctx, calls, printed } = fakeContext('systemd', {}, true);
    await installService(ctx, { start: true });
    expect(calls).toContain('systemctl --user enable codepiper.service');
    expect(calls).not.toContain('systemctl --user enable --now codepiper.service');
    expect(printed.join('\n')).toMatch(/codepiper daemon stop.*systemctl --user start codepiper\.service/);
    expect(printed.join('\n')).toContain('loginctl enable-linger me');
  });

  it('prints the commands to run when no user manager answers, or with --no-start', async () => {
    const absent = fakeContext('systemd', { 'systemctl --user show-environment': { code: 1 } });
    await installService(absent.ctx, { start: true });
    expect(absent.printed.join('\n')).toContain('systemctl --user daemon-reload && systemctl --user enable --now codepiper.service');
    expect(absent.calls.filter((c) => c.startsWith('systemctl'))).toEqual(['systemctl --user show-environment']);

    const noStart = fakeContext('systemd', {});
    await installService(noStart.ctx, { start: false });
    expect(noStart.calls.filter((c) => c.startsWith('systemctl'))).toEqual([]);
    expect(existsSync(noStart.ctx.file)).toBe(true);
  });

  it('fails with the manager\'s own words when enabling fails', async () => {
    const { ctx } = fakeContext('systemd', { 'systemctl --user enable --now codepiper.service': { code: 1, stderr: 'Failed to enable unit: bad\nmore' } });
    await expect(installService(ctx, { start: true })).rejects.toThrow('systemctl --user enable --now codepiper.service failed: Failed to enable unit: bad');
  });
});

describe('uninstallService', () => {
  it('disables and stops the unit, removes the file and reloads', async () => {
    const { ctx, calls, printed } = fakeContext('systemd', {});
    await installService(ctx, { start: false });
    await uninstallService(ctx, { stop: true });
    expect(existsSync(ctx.file)).toBe(false);
    expect(calls).toContain('systemctl --user disable --now codepiper.service');
    expect(calls.at(-1)).toBe('systemctl --user daemon-reload');
    expect(printed.at(-1)).toMatch(/^removed .*codepiper\.service; running sessions keep running/);
  });

  it('says so when nothing is installed', async () => {
    const { ctx, printed } = fakeContext('systemd', {});
    await uninstallService(ctx, { stop: false });
    expect(printed).toEqual([`no service is installed (${ctx.file} does not exist)`]);
  });
});

describe('launchd', () => {
  it('writes ~/Library/LaunchAgents/dev.codepiper.daemon.plist, bootstraps it and suggests log rotation', async () => {
    const { ctx, calls, printed } = fakeContext('launchd', {});
    await installService(ctx, { start: true });
    expect(ctx.file).toBe(join(userHome, 'Library/LaunchAgents', `${LAUNCHD_LABEL}.plist`));
    expect(calls).toEqual([`launchctl bootout gui/501/${LAUNCHD_LABEL}`, `launchctl bootstrap gui/501 ${ctx.file}`]);
    expect(existsSync(join(ctx.spec.home, 'logs'))).toBe(true);
    expect(printed.at(-1)).toContain('/etc/newsyslog.d/codepiper.conf');
  });

  it('reports the job state launchctl prints', () => {
    const { ctx } = fakeContext('launchd', { [`launchctl print gui/501/${LAUNCHD_LABEL}`]: { stdout: `gui/501/${LAUNCHD_LABEL} = {\n\tstate = running\n}` } });
    expect(serviceStatus(ctx)).toMatchObject({ installed: false, manager: true, enabled: 'loaded', active: 'running' });
  });
});

describe('serviceStatus (systemd)', () => {
  it('asks systemctl whether the unit is enabled and active', async () => {
    const { ctx } = fakeContext('systemd', { 'systemctl --user is-enabled codepiper.service': { stdout: 'enabled\n' }, 'systemctl --user is-active codepiper.service': { stdout: 'active\n' } });
    await installService(ctx, { start: false });
    expect(serviceStatus(ctx)).toEqual({ platform: 'systemd', file: ctx.file, installed: true, manager: true, enabled: 'enabled', active: 'active' });
  });
});
