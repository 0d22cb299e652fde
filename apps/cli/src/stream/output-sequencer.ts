/** What to do with the next piece of a session's output stream. */
export type OutputStep =
  | { kind: 'write'; bytes: Uint8Array }
  /** Show a snapshot (a serialized screen). */
  | { kind: 'screen'; payload: Uint8Array }
  /** Bytes [from, to) never arrived over the socket: read them from the durable log. */
  | { kind: 'fill'; from: number; to: number };

/**
 * `stream`: a byte-exact copy of the output (attach --follow, logs --follow). The first snapshot is
 * shown as the starting screen; any later jump — a resync snapshot after falling behind, a frame that
 * starts past the expected offset — is filled from the log, so the copy has no gap.
 * `terminal`: an interactive screen. Every snapshot redraws it; the stream continues at its offset.
 */
export type SequencerMode = 'stream' | 'terminal';

/**
 * Tracks the offset of the next expected byte and decides, frame by frame, what reaches the user:
 * overlapping bytes are trimmed (never shown twice) and gaps are filled or redrawn (never lost).
 */
export class OutputSequencer {
  constructor(
    private readonly mode: SequencerMode,
    /** Offset already shown (logs --follow starts where the log it printed ended). */
    private expected: number | undefined = undefined,
  ) {}

  get offset(): number | undefined {
    return this.expected;
  }

  snapshot(offset: number, payload: Uint8Array): OutputStep[] {
    if (this.mode === 'terminal' || this.expected === undefined) {
      this.expected = offset;
      return [{ kind: 'screen', payload }];
    }
    if (offset > this.expected) {
      const step: OutputStep = { kind: 'fill', from: this.expected, to: offset };
      this.expected = offset;
      return [step];
    }
    return [];
  }

  output(offset: number, payload: Uint8Array): OutputStep[] {
    const end = offset + payload.length;
    if (this.expected === undefined) {
      this.expected = end;
      return payload.length > 0 ? [{ kind: 'write', bytes: payload }] : [];
    }
    if (end <= this.expected) return [];
    const steps: OutputStep[] = [];
    if (offset > this.expected) {
      if (this.mode === 'stream') steps.push({ kind: 'fill', from: this.expected, to: offset });
      steps.push({ kind: 'write', bytes: payload });
    } else {
      steps.push({ kind: 'write', bytes: payload.subarray(this.expected - offset) });
    }
    this.expected = end;
    return steps;
  }
}
