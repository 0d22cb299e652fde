import { describe, expect, it } from 'vitest';
import { promptInput } from './prompt-input';

describe('promptInput', () => {
  it('sends a one-line prompt then Enter', () => {
    expect(promptInput('fix the tests', true)).toEqual(['fix the tests', '\r']);
  });

  it('sends just Enter for an empty prompt', () => {
    expect(promptInput('', false)).toEqual(['\r']);
  });

  it('wraps a multi-line prompt in a bracketed paste when the program asked for it', () => {
    expect(promptInput('line 1\nline 2', true)).toEqual(['\x1b[200~line 1\nline 2\x1b[201~', '\r']);
  });

  it('cannot be ended early by paste markers inside the text', () => {
    expect(promptInput('a\x1b[201~b\nc', true)[0]).toBe('\x1b[200~ab\nc\x1b[201~');
  });

  it('types newlines as Enter when the program did not ask for bracketed paste', () => {
    expect(promptInput('echo 1\necho 2', false)).toEqual(['echo 1\recho 2', '\r']);
  });
});
