import { join } from 'node:path';
import { LAUNCHD_LABEL } from './launchd-plist.js';
import { SYSTEMD_UNIT_NAME } from './systemd-unit.js';

export type ServicePlatform = 'systemd' | 'launchd';

/** systemd on Linux, launchd on macOS; nothing elsewhere. */
export function servicePlatform(platform: NodeJS.Platform = process.platform): ServicePlatform | undefined {
  if (platform === 'linux') return 'systemd';
  if (platform === 'darwin') return 'launchd';
  return undefined;
}

/** Where the unit or agent file goes for the user whose home directory is `userHome`. */
export function serviceFilePath(platform: ServicePlatform, userHome: string, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'launchd') return join(userHome, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(userHome, '.config');
  return join(configHome, 'systemd', 'user', SYSTEMD_UNIT_NAME);
}
