import type { ApiTokenInfo, LoginInfo } from '@codepiper/protocol';
import { TABLE_NAME_MAX, TABLE_USER_AGENT_MAX } from '../constants.js';
import { printable } from './printable.js';
import { formatAge } from './session-table.js';
import { formatTable, truncateEnd } from './table.js';
import { formatTimestamp } from './timestamp.js';

const LOGIN_HEADER = ['ID', 'CREATED', 'LAST SEEN', 'IP', 'USER AGENT'] as const;
const TOKEN_HEADER = ['ID', 'NAME', 'ACCESS', 'CREATED', 'LAST USED'] as const;

/** `auth logins`: the browser logins, the one asking (when it is one) marked with "*". */
export function formatLoginTable(logins: readonly LoginInfo[], now: number = Date.now()): string {
  return formatTable(
    LOGIN_HEADER,
    logins.map((login) => [
      login.current ? `${login.id}*` : login.id,
      formatTimestamp(login.createdAt),
      `${formatAge(login.lastSeenAt, now)} ago`,
      printable(login.ip ?? '-'),
      truncateEnd(printable(login.userAgent ?? '-'), TABLE_USER_AGENT_MAX),
    ]),
  );
}

/** `token list`: never the secrets (the daemon keeps only their hashes), only what names and describes them. */
export function formatTokenTable(tokens: readonly ApiTokenInfo[], now: number = Date.now()): string {
  return formatTable(
    TOKEN_HEADER,
    tokens.map((token) => [
      token.id,
      truncateEnd(printable(token.name), TABLE_NAME_MAX),
      token.readOnly ? 'read-only' : 'full',
      formatTimestamp(token.createdAt),
      token.lastUsedAt === null ? 'never' : `${formatAge(token.lastUsedAt, now)} ago`,
    ]),
  );
}
