import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A log segment is `<16 hex digits>.log`, named by the stream offset of its first byte. Sorting by
 * name sorts by offset.
 */
const SEGMENT_RE = /^([0-9a-f]{16})\.log$/;

export interface Segment {
  start: number;
  path: string;
}

export function segmentFileName(start: number): string {
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`invalid segment offset ${start}`);
  return `${start.toString(16).padStart(16, '0')}.log`;
}

/** The segments in `sessionDir`, oldest first; none when the folder does not exist. */
export async function listSegments(sessionDir: string): Promise<Segment[]> {
  let names: string[];
  try {
    names = await readdir(sessionDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const segments: Segment[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (!m) continue;
    const start = Number.parseInt(m[1]!, 16);
    if (Number.isSafeInteger(start)) segments.push({ start, path: join(sessionDir, name) });
  }
  return segments.sort((a, b) => a.start - b.start);
}
