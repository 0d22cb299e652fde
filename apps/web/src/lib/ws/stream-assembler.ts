/**
 * Turns one session's frames into terminal writes by stream offset, so that a resumed stream never
 * duplicates or loses output: a snapshot resets the screen and sets the offset, an output frame is
 * written only from the expected offset on (an overlap is trimmed, a repeat is dropped), and a frame
 * that starts past the expected offset reports a gap, which the client answers with a fresh snapshot.
 */
export type AssemblerStep =
  | { kind: 'reset'; data: Uint8Array; offset: number }
  | { kind: 'write'; data: Uint8Array; offset: number }
  | { kind: 'skip' }
  | { kind: 'gap'; expected: number; got: number };

export class StreamAssembler {
  /** Offset of the next byte the terminal expects; undefined until a snapshot or a resume point. */
  private next: number | undefined;

  constructor(resumeFrom?: number) {
    this.next = resumeFrom;
  }

  get offset(): number | undefined {
    return this.next;
  }

  snapshot(offset: number, data: Uint8Array): AssemblerStep {
    this.next = offset;
    return { kind: 'reset', data, offset };
  }

  output(offset: number, data: Uint8Array): AssemblerStep {
    const expected = this.next;
    // Without a snapshot there is no screen to continue: wait for the snapshot the daemon sends first.
    if (expected === undefined) return { kind: 'skip' };
    const end = offset + data.length;
    if (end <= expected) return { kind: 'skip' };
    if (offset > expected) return { kind: 'gap', expected, got: offset };
    this.next = end;
    return { kind: 'write', data: offset === expected ? data : data.subarray(expected - offset), offset: expected };
  }

  /** Forget the position: the next attach asks for a snapshot. */
  forget(): void {
    this.next = undefined;
  }
}
