import { describe, expect, it } from 'vitest';
import { OutcomeEpisodes } from './outcome-episodes.js';

describe('OutcomeEpisodes', () => {
  it('announces a finished turn once, not again when the process then exits 0', () => {
    const episodes = new OutcomeEpisodes();
    expect(episodes.claim('s1', 'complete')).toBe(true);
    expect(episodes.claim('s1', 'complete')).toBe(false);
  });

  it('announces a crash after a finished turn: it is news', () => {
    const episodes = new OutcomeEpisodes();
    episodes.claim('s1', 'complete');
    expect(episodes.claim('s1', 'crashed')).toBe(true);
    expect(episodes.claim('s1', 'crashed')).toBe(false);
  });

  it('announces the next turn again once the agent started new work', () => {
    const episodes = new OutcomeEpisodes();
    episodes.claim('s1', 'complete');
    episodes.reset('s1');
    expect(episodes.claim('s1', 'complete')).toBe(true);
  });

  it('keeps sessions apart and forgets ended ones', () => {
    const episodes = new OutcomeEpisodes();
    episodes.claim('s1', 'complete');
    expect(episodes.claim('s2', 'complete')).toBe(true);
    episodes.forget('s1');
    episodes.forget('s2');
    expect(episodes.size).toBe(0);
  });
});
