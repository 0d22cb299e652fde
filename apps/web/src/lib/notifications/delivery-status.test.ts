import { describe, expect, it } from 'vitest';
import { describeLastDelivery, describeTestResult } from './delivery-status';

const NOW = Date.parse('2024-01-01T00:10:00.000Z');

describe('describeLastDelivery', () => {
  it('says when nothing was sent yet', () => {
    expect(describeLastDelivery(null, NOW)).toEqual({ tone: 'none', text: 'No push sent yet' });
  });

  it('says when and how the last push went', () => {
    expect(describeLastDelivery({ at: '2024-01-01T00:05:00.000Z', event: 'complete', outcome: 'delivered', status: 201, error: null }, NOW)).toEqual({ tone: 'ok', text: 'Last push 5 min ago: delivered' });
    expect(describeLastDelivery({ at: '2024-01-01T00:09:00.000Z', event: 'approval', outcome: 'failed', status: 403, error: 'BadJwtToken' }, NOW)).toEqual({
      tone: 'bad',
      text: 'Last push 1 min ago: failed (HTTP 403: BadJwtToken)',
    });
    expect(describeLastDelivery({ at: '2024-01-01T00:09:00.000Z', event: 'approval', outcome: 'retrying', status: 429, error: null }, NOW).tone).toBe('warn');
    expect(describeLastDelivery({ at: '2024-01-01T00:09:00.000Z', event: 'approval', outcome: 'skipped', status: null, error: null }, NOW).text).toContain('showed that session');
  });
});

describe('describeTestResult', () => {
  it('tells a delivered test from a failed one', () => {
    expect(describeTestResult({ device: 'abcd1234', name: 'phone', outcome: 'delivered', status: 201, error: null }).tone).toBe('ok');
    expect(describeTestResult({ device: 'abcd1234', name: 'phone', outcome: 'failed', status: null, error: 'ECONNREFUSED' })).toEqual({ tone: 'bad', text: 'Test failed (ECONNREFUSED)' });
  });
});
