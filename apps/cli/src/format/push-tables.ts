import type { PushDelivery, PushDevice, PushTestResponse } from '@codepiper/protocol';
import { TABLE_DETAIL_MAX, TABLE_NAME_MAX } from '../constants.js';
import { printable } from './printable.js';
import { formatAge } from './session-table.js';
import { formatTable, truncateEnd } from './table.js';
import { formatTimestamp } from './timestamp.js';

/** `notify devices`: the subscribed browsers and how their last push went. */
export function formatDeviceTable(devices: readonly PushDevice[], now: number = Date.now()): string {
  return formatTable(
    ['ID', 'NAME', 'PLATFORM', 'PUSH SERVICE', 'LAST SEEN', 'LAST PUSH'],
    devices.map((device) => [
      device.id,
      truncateEnd(printable(device.name), TABLE_NAME_MAX),
      printable(device.platform ?? '-'),
      printable(hostOf(device.pushService)),
      `${formatAge(device.lastSeenAt, now)} ago`,
      device.lastDelivery ? `${outcomeText(device.lastDelivery.outcome, device.lastDelivery.status)} ${formatAge(device.lastDelivery.at, now)} ago` : '-',
    ]),
  );
}

/** `notify log`: attempts newest first, one line each. */
export function formatDeliveryTable(deliveries: readonly PushDelivery[]): string {
  return formatTable(
    ['AT', 'DEVICE', 'EVENT', 'SESSION', 'TRY', 'OUTCOME', 'ERROR'],
    deliveries.map((d) => [
      formatTimestamp(d.at),
      truncateEnd(printable(d.deviceName), TABLE_NAME_MAX),
      d.event,
      d.session ?? '-',
      d.attempt === 0 ? '-' : String(d.attempt),
      outcomeText(d.outcome, d.status),
      d.error === null ? '-' : truncateEnd(printable(d.error), TABLE_DETAIL_MAX),
    ]),
  );
}

/** `notify test`: one line per device. */
export function formatTestResults(response: PushTestResponse): string {
  return response.results
    .map((r) => {
      const what = r.outcome === 'retrying' ? 'not delivered yet, retrying (see "codepiper notify log")' : outcomeText(r.outcome, r.status);
      return `${r.device} ${printable(r.name)}: ${what}${r.error && r.outcome !== 'delivered' ? ` — ${printable(r.error)}` : ''}`;
    })
    .join('\n');
}

function outcomeText(outcome: string, status: number | null): string {
  return status === null ? outcome : `${outcome} (${status})`;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
