import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import type { CommandRunner } from './command-runner.js';
import { LAUNCHD_LABEL, newsyslogLine, renderLaunchdPlist } from './launchd-plist.js';
import type { ServicePlatform } from './service-paths.js';
import { renderSystemdUnit, SYSTEMD_UNIT_NAME, type ServiceSpec } from './systemd-unit.js';

export interface ServiceContext {
  platform: ServicePlatform;
  /** The unit or agent file. */
  file: string;
  spec: ServiceSpec;
  run: CommandRunner;
  uid: number;
  user: string;
  /** Whether a daemon answers on this home's socket now. */
  daemonRunning: () => Promise<boolean>;
  print: (line: string) => void;
}

export interface ServiceStatus {
  platform: ServicePlatform;
  file: string;
  installed: boolean;
  /** Whether the service manager could be asked (a user systemd, launchd). */
  manager: boolean;
  /** systemd: is-enabled; launchd: whether the agent is loaded. */
  enabled: string | null;
  /** systemd: is-active; launchd: the job's state. */
  active: string | null;
}

/** The file's text for this platform. */
export function renderService(ctx: Pick<ServiceContext, 'platform' | 'spec'>): string {
  return ctx.platform === 'systemd' ? renderSystemdUnit(ctx.spec) : renderLaunchdPlist({ ...ctx.spec, logFile: join(ctx.spec.home, 'logs', 'daemon.log') });
}

function systemdAvailable(ctx: ServiceContext): boolean {
  return ctx.run('systemctl', ['--user', 'show-environment']).code === 0;
}

function must(ctx: ServiceContext, command: string, args: readonly string[]): void {
  const result = ctx.run(command, args);
  if (result.code !== 0) throw new CliError(`${command} ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? `exit ${result.code}`}`);
}

/** Writes the unit (or agent), then enables and starts it when the manager is there and `start`. */
export async function installService(ctx: ServiceContext, options: { start: boolean }): Promise<void> {
  const text = renderService(ctx);
  mkdirSync(dirname(ctx.file), { recursive: true });
  writeFileSync(ctx.file, text, { mode: 0o644 });
  ctx.print(`wrote ${ctx.file}`);
  const running = await ctx.daemonRunning();
  if (ctx.platform === 'systemd') {
    const manual = `systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT_NAME}`;
    if (!options.start) {
      ctx.print(`to start it now and at every login: ${manual}`);
    } else if (!systemdAvailable(ctx)) {
      ctx.print(`no systemd user manager answers here (systemctl --user); once one does, run: ${manual}`);
    } else {
      must(ctx, 'systemctl', ['--user', 'daemon-reload']);
      if (running) {
        must(ctx, 'systemctl', ['--user', 'enable', SYSTEMD_UNIT_NAME]);
        ctx.print(`enabled; a daemon is already running outside the service: stop it ("codepiper daemon stop", sessions keep running), then "systemctl --user start ${SYSTEMD_UNIT_NAME}"`);
      } else {
        must(ctx, 'systemctl', ['--user', 'enable', '--now', SYSTEMD_UNIT_NAME]);
        ctx.print(`enabled and started; logs: journalctl --user -u codepiper -f`);
      }
    }
    const linger = ctx.run('loginctl', ['show-user', ctx.user, '--property=Linger', '--value']);
    if (linger.stdout.trim() !== 'yes') ctx.print(`to start it at boot, before you log in: loginctl enable-linger ${ctx.user}`);
    return;
  }
  mkdirSync(join(ctx.spec.home, 'logs'), { recursive: true, mode: 0o700 });
  const domain = `gui/${ctx.uid}`;
  if (!options.start) {
    ctx.print(`to start it now and at every login: launchctl bootstrap ${domain} ${ctx.file}`);
  } else if (running) {
    ctx.print(`a daemon is already running outside the service: stop it ("codepiper daemon stop", sessions keep running), then "launchctl bootstrap ${domain} ${ctx.file}"`);
  } else {
    ctx.run('launchctl', ['bootout', `${domain}/${LAUNCHD_LABEL}`]);
    must(ctx, 'launchctl', ['bootstrap', domain, ctx.file]);
    ctx.print(`loaded and started; logs: ${join(ctx.spec.home, 'logs', 'daemon.log')}`);
  }
  ctx.print(`to rotate the log, add this line to /etc/newsyslog.d/codepiper.conf: ${newsyslogLine(join(ctx.spec.home, 'logs', 'daemon.log'), ctx.user)}`);
}

/** Stops and disables the service when `stop` (the pty host and its sessions keep running), then removes the file. */
export async function uninstallService(ctx: ServiceContext, options: { stop: boolean }): Promise<void> {
  if (options.stop) {
    if (ctx.platform === 'systemd') {
      if (systemdAvailable(ctx)) {
        ctx.run('systemctl', ['--user', 'disable', '--now', SYSTEMD_UNIT_NAME]);
      } else if (existsSync(ctx.file)) {
        ctx.print('no systemd user manager answers here (systemctl --user): removing the file only');
      }
    } else {
      ctx.run('launchctl', ['bootout', `gui/${ctx.uid}/${LAUNCHD_LABEL}`]);
    }
  }
  if (!existsSync(ctx.file)) {
    ctx.print(`no service is installed (${ctx.file} does not exist)`);
    return;
  }
  rmSync(ctx.file, { force: true });
  if (ctx.platform === 'systemd' && options.stop && systemdAvailable(ctx)) ctx.run('systemctl', ['--user', 'daemon-reload']);
  ctx.print(`removed ${ctx.file}; running sessions keep running until you stop them ("codepiper daemon stop --kill-sessions" ends them)`);
}

export function serviceStatus(ctx: ServiceContext): ServiceStatus {
  const installed = existsSync(ctx.file);
  if (ctx.platform === 'systemd') {
    if (!systemdAvailable(ctx)) return { platform: ctx.platform, file: ctx.file, installed, manager: false, enabled: null, active: null };
    const word = (args: string[]): string => ctx.run('systemctl', ['--user', ...args, SYSTEMD_UNIT_NAME]).stdout.trim() || 'unknown';
    return { platform: ctx.platform, file: ctx.file, installed, manager: true, enabled: word(['is-enabled']), active: word(['is-active']) };
  }
  const printed = ctx.run('launchctl', ['print', `gui/${ctx.uid}/${LAUNCHD_LABEL}`]);
  const state = /^\s*state = (\S+)/m.exec(printed.stdout)?.[1] ?? null;
  return { platform: ctx.platform, file: ctx.file, installed, manager: printed.code !== 127, enabled: printed.code === 0 ? 'loaded' : 'not loaded', active: state };
}
