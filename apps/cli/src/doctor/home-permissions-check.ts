import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, DoctorCheck } from './checks.js';

/** Files holding secrets or the owner's authority: readable by nobody else. */
const PRIVATE_FILES = ['codepiper.db', 'codepiper.db-wal', 'codepiper.db-shm', 'config.json', 'daemon.sock', 'ptyhost.sock', 'daemon.pid', 'ptyhost.pid'];
/** Folders whose files are private (each file 0600, the folder 0700). */
const PRIVATE_DIRS = ['keys', 'logs'];

function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * `$CODEPIPER_HOME` must be 0700 and yours: its unix socket is the owner's authority (whoever can open
 * it is the owner), and it holds the database, the keys and the session logs. Sensitive files inside
 * must be 0600, so a loosened folder mode alone does not expose them.
 */
export const homePermissionsCheck: DoctorCheck = async (ctx) => {
  if (!ctx.local || !ctx.home) return [];
  const home = ctx.home;
  const homeStat = statOrUndefined(home);
  if (!homeStat) return [{ check: 'permissions', status: 'ok', message: `${home} does not exist yet (the daemon creates it, mode 0700)` }];
  const uid = process.getuid?.();
  const results: CheckResult[] = [];
  if (uid !== undefined && homeStat.uid !== uid) {
    results.push({ check: 'permissions', status: 'fail', message: `${home} belongs to another user (uid ${homeStat.uid})`, fix: `run CodePiper as that user, or give it to yours: chown -R $(id -u) ${home}` });
  }
  const mode = homeStat.mode & 0o777;
  if (mode !== 0o700) {
    results.push({ check: 'permissions', status: 'fail', message: `${home} has mode ${mode.toString(8).padStart(4, '0')}: other users may reach the daemon socket and your data`, fix: `chmod 700 ${home}` });
  }
  const loose: string[] = [];
  for (const name of PRIVATE_FILES) {
    const stat = statOrUndefined(join(home, name));
    if (stat && (stat.mode & 0o077) !== 0) loose.push(join(home, name));
  }
  const looseDirs: string[] = [];
  for (const dir of PRIVATE_DIRS) {
    const path = join(home, dir);
    const stat = statOrUndefined(path);
    if (!stat?.isDirectory()) continue;
    if ((stat.mode & 0o077) !== 0) looseDirs.push(path);
    for (const entry of readdirSync(path)) {
      const file = statOrUndefined(join(path, entry));
      if (file?.isFile() && (file.mode & 0o077) !== 0) loose.push(join(path, entry));
    }
  }
  if (looseDirs.length > 0) results.push({ check: 'permissions', status: 'fail', message: `readable by other users: ${looseDirs.join(', ')}`, fix: `chmod 700 ${looseDirs.join(' ')}` });
  if (loose.length > 0) results.push({ check: 'permissions', status: 'fail', message: `readable by other users: ${loose.join(', ')}`, fix: `chmod 600 ${loose.join(' ')}` });
  if (results.length === 0) results.push({ check: 'permissions', status: 'ok', message: `${home} is private (0700) and so are its sensitive files (0600)` });
  return results;
};
