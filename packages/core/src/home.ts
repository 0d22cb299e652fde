import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HomePaths {
  home: string;
  db: string;
  daemonSock: string;
  daemonPid: string;
  daemonLog: string;
  ptyHostSock: string;
  ptyHostPid: string;
  ptyHostLog: string;
  sessionsDir: string;
  logsDir: string;
  sessionDir(id: string): string;
}

/** `$CODEPIPER_HOME`, else `~/.codepiper`. Everything CodePiper keeps lives below it. */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CODEPIPER_HOME;
  return resolve(fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.codepiper'));
}

export function homePaths(home: string): HomePaths {
  const logsDir = join(home, 'logs');
  const sessionsDir = join(home, 'sessions');
  return {
    home,
    db: join(home, 'codepiper.db'),
    daemonSock: join(home, 'daemon.sock'),
    daemonPid: join(home, 'daemon.pid'),
    daemonLog: join(logsDir, 'daemon.log'),
    ptyHostSock: join(home, 'ptyhost.sock'),
    ptyHostPid: join(home, 'ptyhost.pid'),
    ptyHostLog: join(logsDir, 'ptyhost.log'),
    sessionsDir,
    logsDir,
    sessionDir: (id: string) => join(sessionsDir, id),
  };
}

/** Creates the home (mode 0700: it holds the socket that *is* the owner's authority) and its folders. */
export async function ensureHome(home: string): Promise<HomePaths> {
  const paths = homePaths(home);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  await mkdir(paths.sessionsDir, { recursive: true, mode: 0o700 });
  await mkdir(paths.logsDir, { recursive: true, mode: 0o700 });
  return paths;
}
