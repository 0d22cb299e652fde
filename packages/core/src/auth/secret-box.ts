import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors.js';

const KEY_BYTES = 32;
/** 96-bit IVs are GCM's native size; random IVs are safe for the handful of secrets we ever seal. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const B64URL = /^[A-Za-z0-9_-]*$/;

/** Where the key lives: beside, not inside, the database, so a copy of the database alone is not enough. */
export function secretKeyPath(home: string): string {
  return join(home, 'keys', 'secret.key');
}

/**
 * AES-256-GCM for small secrets kept in the database (the TOTP secret). A sealed value is the string
 * `v1.<iv>.<tag>.<ciphertext>` (base64url parts), so the format can change later without guessing.
 * `context` is bound as associated data: a value sealed for one purpose cannot be replayed as another.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Loads `$home/keys/secret.key`, creating it (and its 0700 folder) on first use. */
  static async open(home: string): Promise<SecretBox> {
    return new SecretBox(await loadOrCreateKey(home));
  }

  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** The plaintext; CoreError('internal') when the value was altered or sealed with another key/context. */
  decrypt(sealed: string, context = ''): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION || !parts.every((p) => B64URL.test(p))) {
      throw new CoreError('internal', 'a stored secret is not in a format this CodePiper understands');
    }
    const iv = Buffer.from(parts[1]!, 'base64url');
    const tag = Buffer.from(parts[2]!, 'base64url');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw damaged();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw damaged(error);
    }
  }
}

function damaged(cause?: unknown): CoreError {
  return new CoreError(
    'internal',
    'a stored secret cannot be decrypted: it was altered, or keys/secret.key is not the key it was sealed with',
    { cause },
  );
}

async function loadOrCreateKey(home: string): Promise<Buffer> {
  const file = secretKeyPath(home);
  const dir = join(home, 'keys');
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const existing = await readKey(file);
    if (existing) return existing;
    return await createKey(dir, file);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('internal', `cannot prepare the secret key ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

async function readKey(file: string): Promise<Buffer | undefined> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A key others can read is as good as published; tighten it rather than refuse to start.
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
  const key = await readFile(file);
  if (key.length !== KEY_BYTES) {
    throw new CoreError('internal', `the secret key ${file} is damaged (${key.length} bytes instead of ${KEY_BYTES})`);
  }
  return key;
}

/**
 * Writes the key to a temp file, fsyncs it, then links it into place and fsyncs the folder, so a crash
 * leaves either no key or the whole key. link() rather than rename(): rename would silently replace a
 * key another process (daemon and CLI starting together) created a moment earlier, and whatever that
 * process sealed would become unreadable. With link() the loser reads the winner's key.
 */
async function createKey(dir: string, file: string): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  const temp = join(dir, `.secret.key.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(key);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKey(file);
    if (winner) return winner;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dir);
  return key;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
