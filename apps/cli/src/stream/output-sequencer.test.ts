import { describe, expect, it } from 'vitest';
import { OutputSequencer, type OutputStep } from './output-sequencer.js';

const b = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const show = (steps: OutputStep[]): unknown[] =>
  steps.map((step) => (step.kind === 'fill' ? step : { kind: step.kind, text: Buffer.from(step.kind === 'write' ? step.bytes : step.payload).toString('utf8') }));

describe('OutputSequencer in stream mode', () => {
  it('shows the first snapshot as the screen, then output contiguously', () => {
    const sequencer = new OutputSequencer('stream');
    expect(show(sequencer.snapshot(10, b('SCREEN')))).toEqual([{ kind: 'screen', text: 'SCREEN' }]);
    expect(show(sequencer.output(10, b('abc')))).toEqual([{ kind: 'write', text: 'abc' }]);
    expect(sequencer.offset).toBe(13);
  });

  it('trims bytes already shown and skips frames entirely behind', () => {
    const sequencer = new OutputSequencer('stream', 5);
    expect(show(sequencer.output(3, b('abcdef')))).toEqual([{ kind: 'write', text: 'cdef' }]);
    expect(show(sequencer.output(4, b('xy')))).toEqual([]);
    expect(sequencer.offset).toBe(9);
  });

  it('fills the bytes skipped by a resync snapshot from the log instead of redrawing', () => {
    const sequencer = new OutputSequencer('stream', 100);
    expect(show(sequencer.snapshot(250, b('SCREEN')))).toEqual([{ kind: 'fill', from: 100, to: 250 }]);
    expect(show(sequencer.output(250, b('z')))).toEqual([{ kind: 'write', text: 'z' }]);
  });

  it('ignores a snapshot at or before what was shown', () => {
    const sequencer = new OutputSequencer('stream', 100);
    expect(sequencer.snapshot(100, b('S'))).toEqual([]);
    expect(sequencer.snapshot(50, b('S'))).toEqual([]);
  });

  it('fills a gap before a frame that starts late', () => {
    const sequencer = new OutputSequencer('stream', 10);
    expect(show(sequencer.output(15, b('abc')))).toEqual([{ kind: 'fill', from: 10, to: 15 }, { kind: 'write', text: 'abc' }]);
    expect(sequencer.offset).toBe(18);
  });

  it('starts at the first output frame when neither snapshot nor offset came first', () => {
    const sequencer = new OutputSequencer('stream');
    expect(show(sequencer.output(7, b('hi')))).toEqual([{ kind: 'write', text: 'hi' }]);
    expect(sequencer.offset).toBe(9);
  });
});

describe('OutputSequencer in terminal mode', () => {
  it('redraws on every snapshot and continues from its offset', () => {
    const sequencer = new OutputSequencer('terminal');
    sequencer.snapshot(0, b('A'));
    sequencer.output(0, b('12345'));
    expect(show(sequencer.snapshot(500, b('B')))).toEqual([{ kind: 'screen', text: 'B' }]);
    expect(show(sequencer.output(498, b('xyz')))).toEqual([{ kind: 'write', text: 'z' }]);
  });

  it('never asks for a log fill', () => {
    const sequencer = new OutputSequencer('terminal', 0);
    expect(show(sequencer.output(5, b('q')))).toEqual([{ kind: 'write', text: 'q' }]);
  });
});
