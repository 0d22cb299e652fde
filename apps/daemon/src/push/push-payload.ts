import type { PushPayload } from '@codepiper/protocol';
import { PUSH_PAYLOAD_MAX_BYTES } from '../constants.js';

/** Free text fields of a payload, in the order they give way when it is too large. */
const SHRINKABLE = ['summary', 'body', 'title', 'sessionName', 'tool'] as const;

/** Shortest a shrunk field gets; below that it would say nothing. */
const MIN_FIELD_CHARS = 16;

/**
 * The JSON a push carries, at most `maxBytes` of UTF-8: long free text (a tool call's summary first,
 * then the body, the title, names) is cut with an ellipsis until it fits. Ids, url and tag are never cut.
 */
export function encodePushPayload(payload: PushPayload, maxBytes: number = PUSH_PAYLOAD_MAX_BYTES): string {
  let current: PushPayload = { ...payload };
  let json = JSON.stringify(current);
  for (const field of SHRINKABLE) {
    while (Buffer.byteLength(json) > maxBytes) {
      const value = current[field];
      if (value === undefined) break;
      const shorter = shorten(value, Buffer.byteLength(json) - maxBytes);
      if (shorter === value) break;
      current = { ...current, [field]: shorter };
      json = JSON.stringify(current);
    }
  }
  if (Buffer.byteLength(json) > maxBytes) throw new Error(`a push payload cannot be made smaller than ${maxBytes} bytes`);
  return json;
}

/**
 * `value` cut so that its JSON encoding loses at least `excessBytes` (an ellipsis, 3 bytes, replaces
 * the cut), keeping at least MIN_FIELD_CHARS characters; `value` itself when it cannot get shorter.
 */
function shorten(value: string, excessBytes: number): string {
  const chars = [...value];
  let keep = chars.length;
  let saved = -3;
  // JSON escapes can make a character cost up to 6 bytes: count the real cost of each one removed.
  while (saved < excessBytes && keep > MIN_FIELD_CHARS) {
    keep--;
    saved += Buffer.byteLength(JSON.stringify(chars[keep])) - 2;
  }
  if (saved <= 0) return value;
  return `${chars.slice(0, keep).join('')}…`;
}

/** One line of at most `max` characters: whitespace runs become one space, the rest is cut with "…". */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}
