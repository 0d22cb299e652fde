import { outputLogRange, readOutputLog } from '@codepiper/core';
import { ENDED_SCREEN_TAIL_BYTES } from '../constants.js';

/**
 * The last screen of a session that has ended, rebuilt from the tail of its output log (the pty host
 * has let go of its headless terminal). Starts after a newline so that no escape sequence is cut.
 */
export async function readEndedScreen(sessionDir: string): Promise<{ offset: number; data: Uint8Array }> {
  const range = await outputLogRange(sessionDir).catch(() => ({ start: 0, end: 0 }));
  const from = Math.max(range.start, range.end - ENDED_SCREEN_TAIL_BYTES);
  const parts: Buffer[] = [];
  for await (const chunk of readOutputLog(sessionDir, { from })) parts.push(chunk.data);
  let tail = Buffer.concat(parts);
  if (from > range.start) {
    const newline = tail.indexOf(0x0a);
    if (newline >= 0) tail = tail.subarray(newline + 1);
  }
  return { offset: range.end, data: tail };
}
