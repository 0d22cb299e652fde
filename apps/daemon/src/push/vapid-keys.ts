import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import webPush from 'web-push';
import { DaemonError } from '../errors.js';

/** The daemon's VAPID key pair (RFC 8292): the public key is the browsers' applicationServerKey. */
export interface VapidKeys {
  /** base64url of the 65-byte uncompressed P-256 point. */
  publicKey: string;
  /** base64url of the 32-byte private scalar. */
  privateKey: string;
}

export function vapidKeysPath(home: string): string {
  return join(home, 'keys', 'vapid.json');
}

/**
 * Loads `$home/keys/vapid.json`, generating the pair on first start. The keys stay the same across
 * restarts: a new pair would orphan every browser subscribed with the old public key.
 */
export async function loadOrCreateVapidKeys(home: string): Promise<VapidKeys> {
  const dir = join(home, 'keys');
  const file = vapidKeysPath(home);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    return (await readKeys(file)) ?? (await createKeys(dir, file));
  } catch (error) {
    if (error instanceof DaemonError) throw error;
    throw new DaemonError('internal', `cannot prepare the push keys ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function readKeys(file: string): Promise<VapidKeys | undefined> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Anyone holding the private key can push to the owner's devices: tighten rather than refuse to start.
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw damaged(file, 'it is not JSON');
  }
  const { publicKey, privateKey } = (parsed ?? {}) as Partial<VapidKeys>;
  if (typeof publicKey !== 'string' || Buffer.from(publicKey, 'base64url').length !== 65 || !publicKey.startsWith('B')) {
    throw damaged(file, 'publicKey is not a P-256 point');
  }
  if (typeof privateKey !== 'string' || Buffer.from(privateKey, 'base64url').length !== 32) throw damaged(file, 'privateKey is not 32 bytes');
  return { publicKey, privateKey };
}

/**
 * Temp file + fsync + link + fsync of the folder, as for the secret key: a crash leaves no file or the
 * whole file, and a second process starting at the same moment reads the winner's keys.
 */
async function createKeys(dir: string, file: string): Promise<VapidKeys> {
  const generated = webPush.generateVAPIDKeys();
  const keys: VapidKeys = { publicKey: generated.publicKey, privateKey: generated.privateKey };
  const temp = join(dir, `.vapid.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ ...keys, createdAt: new Date().toISOString() }, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeys(file);
    if (winner) return winner;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return keys;
}

function damaged(file: string, why: string): DaemonError {
  return new DaemonError('internal', `the push keys ${file} are damaged (${why}); delete the file to generate new ones (subscribed browsers then subscribe again)`);
}
