import { describe, expect, it } from 'vitest';
import { RefusalAudit } from './refusal-audit.js';

describe('RefusalAudit', () => {
  it('records the first refusal of a lockout and none of the rest', () => {
    const audit = new RefusalAudit();
    expect(audit.shouldRecord('203.0.113.1', 2, 0)).toBe(true);
    expect(audit.shouldRecord('203.0.113.1', 2, 500)).toBe(false);
    expect(audit.shouldRecord('203.0.113.1', 1, 1_999)).toBe(false);
  });

  it('records the next lockout once the previous one has run out', () => {
    const audit = new RefusalAudit();
    expect(audit.shouldRecord('203.0.113.1', 2, 0)).toBe(true);
    expect(audit.shouldRecord('203.0.113.1', 4, 2_000)).toBe(true);
  });

  it('keeps clients apart, and treats addresses of one IPv6 /64 as one client', () => {
    const audit = new RefusalAudit();
    expect(audit.shouldRecord('203.0.113.1', 60, 0)).toBe(true);
    expect(audit.shouldRecord('203.0.113.2', 60, 0)).toBe(true);
    expect(audit.shouldRecord('2001:db8::1', 60, 0)).toBe(true);
    expect(audit.shouldRecord('2001:db8::ffff', 60, 0)).toBe(false);
  });
});
