import { createHash, randomBytes } from 'node:crypto';

/** A session's hook secret: the agent gets `secret` (in its environment), the database only `hash`. */
export interface HookSecret {
  secret: string;
  hash: string;
}

/** 32 random bytes, base64url: unguessable, and safe in an environment variable and an HTTP header. */
export function newHookSecret(): HookSecret {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashHookSecret(secret) };
}

/** SHA-256 (hex) of a presented secret: what the session row stores and hooks are looked up by. */
export function hashHookSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The environment every hooked agent gets: where the daemon is and the secret its hooks present. */
export function hookEnv(input: { home: string; hookSecret: string }): Record<string, string> {
  return { CODEPIPER_HOME: input.home, CODEPIPER_HOOK_SECRET: input.hookSecret };
}
