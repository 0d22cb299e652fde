import { spawn as spawnProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import {
  PTY_HOST_SPAWN_LOCK_STALE_MS,
  PTY_HOST_SPAWN_POLL_MS,
  PTY_HOST_SPAWN_WAIT_MS,
} from '../constants.js';
import { CoreError } from '../errors.js';
import { ensureHome } from '../home.js';

/** A connected socket, or null when nothing listens (no socket file, or a stale one). */
export function tryConnect(path: string): Promise<net.Socket | null> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    const onError = (err: NodeJS.ErrnoException): void => {
      socket.destroy();
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(null);
      else reject(new CoreError('daemon_unavailable', `cannot connect to the pty host: ${err.message}`));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a host and connects to it. A lock file (O_EXCL) makes concurrent spawners wait for the one
 * that spawns; a freshly spawned process's socket has no event to wait for, so the socket is polled
 * (bounded by PTY_HOST_SPAWN_WAIT_MS).
 */
export async function spawnAndConnect(home: string, mainPath: string): Promise<net.Socket> {
  const paths = await ensureHome(home);
  const lockPath = join(home, 'ptyhost.spawn.lock');
  const deadline = Date.now() + PTY_HOST_SPAWN_WAIT_MS;
  const unavailable = (why: string): CoreError =>
    new CoreError('daemon_unavailable', `the pty host ${why} (see ${paths.ptyHostLog})`);

  while (!(await acquireLock(lockPath))) {
    const socket = await tryConnect(paths.ptyHostSock);
    if (socket) return socket;
    if (Date.now() > deadline) throw unavailable('did not start in time');
    await sleep(PTY_HOST_SPAWN_POLL_MS);
  }
  try {
    // Another spawner may have finished between our first attempt and taking the lock.
    const existing = await tryConnect(paths.ptyHostSock);
    if (existing) return existing;

    const logFd = openSync(paths.ptyHostLog, 'a', 0o600);
    let exited: string | null = null;
    try {
      const child = spawnProcess(process.execPath, [mainPath, home], {
        detached: true,
        stdio: ['ignore', logFd, logFd],
      });
      child.once('error', (err) => (exited = err.message));
      child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
      child.unref();
    } finally {
      closeSync(logFd);
    }
    while (Date.now() < deadline) {
      const socket = await tryConnect(paths.ptyHostSock);
      if (socket) return socket;
      if (exited !== null) {
        // It may have exited because another host was already listening: one more try.
        const again = await tryConnect(paths.ptyHostSock);
        if (again) return again;
        throw unavailable(`exited while starting (${exited})`);
      }
      await sleep(PTY_HOST_SPAWN_POLL_MS);
    }
    throw unavailable(`did not listen within ${PTY_HOST_SPAWN_WAIT_MS} ms`);
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

/** Takes the spawn lock; false when a live spawner holds it. A stale lock is taken over. */
async function acquireLock(lockPath: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(lockPath, 'wx', 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!(await lockIsStale(lockPath))) return false;
    await unlink(lockPath).catch(() => undefined);
  }
  return false;
}

async function lockIsStale(lockPath: string): Promise<boolean> {
  try {
    const [st, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - st.mtimeMs > PTY_HOST_SPAWN_LOCK_STALE_MS) return true;
    const pid = Number.parseInt(text.trim(), 10);
    if (!Number.isSafeInteger(pid) || pid <= 0) return Date.now() - st.mtimeMs > PTY_HOST_SPAWN_POLL_MS * 40;
    try {
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false;
  }
}
