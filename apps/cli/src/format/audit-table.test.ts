import type { AuditEntry } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { formatAuditTable, formatDetail } from './audit-table.js';

describe('formatDetail', () => {
  it('writes an object as key=value pairs, quoting only what would be ambiguous', () => {
    expect(formatDetail({ stage: 'begun', revokedLogins: 2, readOnly: false })).toBe('stage=begun revokedLogins=2 readOnly=false');
    expect(formatDetail({ name: 'my laptop', reason: '' })).toBe('name="my laptop" reason=""');
    expect(formatDetail({ ids: ['a', 'b'], nested: { x: 1 } })).toBe('ids=["a","b"] nested={"x":1}');
  });

  it('shows "-" for no detail and scalars as they are', () => {
    expect(formatDetail(null)).toBe('-');
    expect(formatDetail({})).toBe('-');
    expect(formatDetail(42)).toBe('42');
  });
});

describe('formatAuditTable', () => {
  it('lists at, type, actor, ip and detail', () => {
    const entries: AuditEntry[] = [
      { id: 2, at: new Date(2025, 0, 1, 12, 0, 1).toISOString(), type: 'token-created', ip: 'local', actor: 'local-cli', detail: { tokenId: '0a0b0c0d', name: 'ci' } },
      { id: 1, at: new Date(2025, 0, 1, 12, 0, 0).toISOString(), type: 'login-failed', ip: null, actor: 'anonymous', detail: null },
    ];
    expect(formatAuditTable(entries).split('\n')).toEqual([
      'AT                   TYPE           ACTOR      IP     DETAIL',
      '2025-01-01 12:00:01  token-created  local-cli  local  tokenId=0a0b0c0d name=ci',
      '2025-01-01 12:00:00  login-failed   anonymous  -      -',
    ]);
  });

  it('cuts a long detail to the column width', () => {
    const entry: AuditEntry = { id: 1, at: new Date(2025, 0, 1).toISOString(), type: 'x', ip: null, actor: 'owner', detail: { text: 'y'.repeat(200) } };
    const line = formatAuditTable([entry]).split('\n')[1]!;
    const detail = line.slice(line.indexOf('text='));
    expect([...detail]).toHaveLength(60);
    expect(detail.endsWith('…')).toBe(true);
  });
});
