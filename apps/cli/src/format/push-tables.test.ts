import { describe, expect, it } from 'vitest';
import type { PushDelivery, PushDevice } from '@codepiper/protocol';
import { formatDeliveryTable, formatDeviceTable, formatTestResults } from './push-tables.js';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');

describe('push tables', () => {
  it('lists devices with their push service host and last push', () => {
    const device: PushDevice = {
      id: 'a1b2c3d4',
      name: 'Pixel',
      platform: 'Chrome on Android',
      pushService: 'https://fcm.googleapis.com',
      createdAt: '2026-06-01T10:00:00.000Z',
      lastSeenAt: '2026-06-01T11:59:00.000Z',
      failures: 0,
      lastDelivery: { at: '2026-06-01T11:58:00.000Z', event: 'complete', outcome: 'delivered', status: 201, error: null },
    };
    const lines = formatDeviceTable([device, { ...device, id: 'e5f6a7b8', platform: null, lastDelivery: null }], NOW).split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PLATFORM\s+PUSH SERVICE\s+LAST SEEN\s+LAST PUSH$/);
    expect(lines[1]).toMatch(/^a1b2c3d4\s+Pixel\s+Chrome on Android\s+fcm\.googleapis\.com\s+1m ago\s+delivered \(201\) 2m ago$/);
    expect(lines[2]).toMatch(/^e5f6a7b8\s+Pixel\s+-\s+fcm\.googleapis\.com\s+1m ago\s+-$/);
  });

  it('shows skipped devices without a try number and cleans control characters from errors', () => {
    const row: PushDelivery = {
      id: 1,
      at: '2026-06-01T12:00:00.000Z',
      device: 'a1b2c3d4',
      deviceName: 'Pixel',
      pushService: 'https://fcm.googleapis.com',
      event: 'crashed',
      session: 'e5f6a7b8',
      notification: 3,
      attempt: 0,
      outcome: 'skipped',
      status: null,
      error: 'shown\u001b[31m',
    };
    const table = formatDeliveryTable([row]);
    expect(table.split('\n')[1]).toMatch(/Pixel\s+crashed\s+e5f6a7b8\s+-\s+skipped\s+shown/);
    expect(table).not.toContain('\u001b');
  });

  it('reports test results per device', () => {
    expect(
      formatTestResults({
        results: [
          { device: 'a1b2c3d4', name: 'Pixel', outcome: 'delivered', status: 201, error: null },
          { device: 'e5f6a7b8', name: 'iPhone', outcome: 'failed', status: 403, error: 'HTTP 403: BadJwtToken' },
        ],
      }),
    ).toBe('a1b2c3d4 Pixel: delivered (201)\ne5f6a7b8 iPhone: failed (403) — HTTP 403: BadJwtToken');
  });
});
