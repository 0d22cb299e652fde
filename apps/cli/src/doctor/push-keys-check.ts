import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DoctorCheck } from './checks.js';

/** `$home/keys/vapid.json`, the push notification key pair the daemon makes at its first start. */
export const pushKeysCheck: DoctorCheck = async (ctx) => {
  if (!ctx.local || !ctx.home) return [];
  const file = join(ctx.home, 'keys', 'vapid.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return [{ check: 'push-keys', status: 'fail', message: `cannot read ${file}: ${(error as Error).message}`, fix: `give it back to your user: chmod 600 ${file}` }];
    return [{ check: 'push-keys', status: 'warn', message: `no push keys yet (${file})`, fix: 'start the daemon once: it creates them ("codepiper daemon --detach")' }];
  }
  let keys: { publicKey?: unknown; privateKey?: unknown };
  try {
    keys = JSON.parse(text) as typeof keys;
  } catch {
    keys = {};
  }
  const publicOk = typeof keys.publicKey === 'string' && keys.publicKey.startsWith('B') && Buffer.from(keys.publicKey, 'base64url').length === 65;
  const privateOk = typeof keys.privateKey === 'string' && Buffer.from(keys.privateKey, 'base64url').length === 32;
  if (publicOk && privateOk) return [{ check: 'push-keys', status: 'ok', message: `push keys present (${file})` }];
  return [
    {
      check: 'push-keys',
      status: 'fail',
      message: `${file} is damaged: ${publicOk ? 'privateKey is not 32 bytes' : 'publicKey is not a P-256 point'}`,
      fix: `move it away and restart the daemon to make new keys (every device then has to turn notifications on again)`,
    },
  ];
};
