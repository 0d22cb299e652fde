import { describe, expect, it } from 'vitest';
import { PROMPT_HISTORY_KEY, PromptHistory, type KeyValueStore } from './prompt-history';

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('PromptHistory', () => {
  it('walks back from the newest prompt and forward to the draft', () => {
    const history = new PromptHistory(memoryStore());
    history.record('first');
    history.record('second');
    expect(history.previous('half-typed')).toBe('second');
    expect(history.previous('second')).toBe('first');
    expect(history.previous('first')).toBeUndefined();
    expect(history.next()).toBe('second');
    expect(history.next()).toBe('half-typed');
    expect(history.next()).toBeUndefined();
  });

  it('keeps one copy of a repeated prompt, at the newest position', () => {
    const history = new PromptHistory(memoryStore());
    history.record('a');
    history.record('b');
    history.record('a');
    expect(history.all).toEqual(['b', 'a']);
  });

  it('ignores blank prompts', () => {
    const history = new PromptHistory(memoryStore());
    history.record('   ');
    expect(history.all).toEqual([]);
  });

  it('persists across instances and keeps only the newest entries', () => {
    const store = memoryStore();
    const history = new PromptHistory(store, 3);
    for (const p of ['1', '2', '3', '4']) history.record(p);
    expect(JSON.parse(store.data.get(PROMPT_HISTORY_KEY)!)).toEqual(['2', '3', '4']);
    expect(new PromptHistory(store, 3).previous('')).toBe('4');
  });

  it('survives corrupt or foreign stored data', () => {
    expect(new PromptHistory(memoryStore({ [PROMPT_HISTORY_KEY]: '{nope' })).all).toEqual([]);
    expect(new PromptHistory(memoryStore({ [PROMPT_HISTORY_KEY]: '[1,"ok",null]' })).all).toEqual(['ok']);
  });

  it('works without storage and when storage refuses writes', () => {
    const refusing: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('quota');
      },
    };
    const history = new PromptHistory(refusing);
    history.record('kept in memory');
    expect(history.previous('')).toBe('kept in memory');
    expect(new PromptHistory(undefined).all).toEqual([]);
  });

  it('starts the walk again from the newest after a hand edit', () => {
    const history = new PromptHistory(memoryStore());
    history.record('a');
    history.record('b');
    history.previous('');
    history.previous('b');
    history.restart();
    expect(history.previous('edited')).toBe('b');
  });
});
