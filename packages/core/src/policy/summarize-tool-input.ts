import { POLICY_SUMMARY_MAX_CHARS } from '../constants.js';
import { inputKindOf, mainInput } from './main-input.js';

/** C0 and C1 controls (escape sequences, bells, carriage returns) and the Unicode line separators. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Marks where a multi-line command had a newline, so `a ↵ rm -rf x` cannot pass for one harmless line. */
const NEWLINE_MARK = ' ↵ ';

/**
 * One line of at most POLICY_SUMMARY_MAX_CHARS characters describing a tool call, for lists and
 * notifications: a command with its newlines marked and whitespace collapsed, a file tool's path,
 * WebFetch's URL, anything else as compact JSON. Control characters are removed; a cut ends in "…".
 */
export function summarizeToolInput(tool: string, toolInput: unknown): string {
  return oneLine(rawSummary(tool, toolInput), POLICY_SUMMARY_MAX_CHARS);
}

/** Text made one printable line of at most `max` characters (code points), "…" marking a cut. */
export function oneLine(text: string, max: number): string {
  const flat = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[ \t\f\v]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join(NEWLINE_MARK)
    .replace(CONTROL_CHARS, '');
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function rawSummary(tool: string, toolInput: unknown): string {
  if (typeof toolInput === 'string') return toolInput;
  const kind = inputKindOf(tool);
  if (tool === 'WebFetch' && isRecord(toolInput) && typeof toolInput.url === 'string') return toolInput.url;
  if (kind === 'command' || kind === 'path') {
    const input = mainInput(tool, toolInput);
    if (input) return input.text;
  }
  return compactJson(toolInput);
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // A cycle or a BigInt: still say something rather than fail the notification.
    return String(value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
