import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, loadConfigFile, resolveDaemonSettings } from '@codepiper/core/config';
import type { DoctorCheck } from './checks.js';

/** config.json and the CODEPIPER_* variables parse: otherwise the daemon refuses to start. */
export const configCheck: DoctorCheck = async (ctx) => {
  if (!ctx.local || !ctx.home) return [];
  const file = join(ctx.home, CONFIG_FILE_NAME);
  try {
    const config = loadConfigFile(ctx.home);
    resolveDaemonSettings({ env: ctx.env ?? process.env, file: config });
    const keys = Object.keys(config).length;
    return [{ check: 'config', status: 'ok', message: existsSync(file) ? `${file} is valid (${keys} setting${keys === 1 ? '' : 's'})` : `no ${CONFIG_FILE_NAME}: defaults apply` }];
  } catch (error) {
    return [
      {
        check: 'config',
        status: 'fail',
        message: (error as Error).message,
        fix: `correct that setting ("codepiper config set <key> <value>" validates; "codepiper config list" shows them all); the daemon does not start until then`,
      },
    ];
  }
};
