import type { DeliveryOutcome, PushDevice, PushTestResponse } from '@codepiper/protocol';
import { ago } from '../sessions';

export type StatusTone = 'ok' | 'warn' | 'bad' | 'none';

/** A device's last push, in words for its row: when and how it went. */
export function describeLastDelivery(last: PushDevice['lastDelivery'], now: number): { tone: StatusTone; text: string } {
  if (!last) return { tone: 'none', text: 'No push sent yet' };
  const when = ago(last.at, now);
  return { tone: toneOf(last.outcome), text: `Last push ${when}: ${outcomeWords(last.outcome, last.status, last.error)}` };
}

/** The first attempt of a test push to one device. */
export function describeTestResult(result: PushTestResponse['results'][number]): { tone: StatusTone; text: string } {
  if (result.outcome === 'delivered') return { tone: 'ok', text: 'Test sent: it should show on that device now.' };
  return { tone: toneOf(result.outcome), text: `Test ${outcomeWords(result.outcome, result.status, result.error)}` };
}

function toneOf(outcome: DeliveryOutcome): StatusTone {
  switch (outcome) {
    case 'delivered':
      return 'ok';
    case 'retrying':
      return 'warn';
    case 'skipped':
      return 'none';
    default:
      return 'bad';
  }
}

function outcomeWords(outcome: DeliveryOutcome, status: number | null, error: string | null): string {
  const detail = [status !== null ? `HTTP ${status}` : '', error ?? ''].filter(Boolean).join(': ');
  switch (outcome) {
    case 'delivered':
      return 'delivered';
    case 'retrying':
      return `retrying${detail ? ` (${detail})` : ''}`;
    case 'skipped':
      return 'skipped (the device showed that session)';
    case 'gone':
      return 'the push service no longer knows this subscription';
    default:
      return `failed${detail ? ` (${detail})` : ''}`;
  }
}
