import type { ApiTokenInfo, LoginInfo } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { formatLoginTable, formatTokenTable } from './auth-tables.js';

const NOW = new Date(2025, 0, 1, 12, 0, 0).getTime();
const at = (minutesAgo: number): string => new Date(NOW - minutesAgo * 60_000).toISOString();

describe('formatLoginTable', () => {
  it('lists id, created, last seen, ip and user agent, marking the current login', () => {
    const logins: LoginInfo[] = [
      { id: 'a1b2c3d4', createdAt: at(120), lastSeenAt: at(5), expiresAt: at(-600), ip: '192.0.2.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', current: true },
      { id: 'e5f6a7b8', createdAt: at(60), lastSeenAt: at(60), expiresAt: at(-600), ip: null, userAgent: null },
    ];
    expect(formatLoginTable(logins, NOW).split('\n')).toEqual([
      'ID         CREATED              LAST SEEN  IP         USER AGENT',
      'a1b2c3d4*  2025-01-01 10:00:00  5m ago     192.0.2.7  Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
      'e5f6a7b8   2025-01-01 11:00:00  1h ago     -          -',
    ]);
  });

  it('neutralises control characters a user agent could carry into the terminal', () => {
    const login: LoginInfo = { id: 'a1b2c3d4', createdAt: at(1), lastSeenAt: at(1), expiresAt: at(-1), ip: '::1', userAgent: 'evil\x1b]0;owned\x07agent' };
    expect(formatLoginTable([login], NOW)).toContain('evil?]0;owned?agent');
  });
});

describe('formatTokenTable', () => {
  it('shows access and last use but never a secret', () => {
    const tokens: ApiTokenInfo[] = [
      { id: '0a0b0c0d', name: 'laptop', readOnly: false, createdAt: at(30), lastUsedAt: at(2) },
      { id: '1a1b1c1d', name: 'wall-tv', readOnly: true, createdAt: at(10), lastUsedAt: null },
    ];
    expect(formatTokenTable(tokens, NOW).split('\n')).toEqual([
      'ID        NAME     ACCESS     CREATED              LAST USED',
      '0a0b0c0d  laptop   full       2025-01-01 11:30:00  2m ago',
      '1a1b1c1d  wall-tv  read-only  2025-01-01 11:50:00  never',
    ]);
  });
});
