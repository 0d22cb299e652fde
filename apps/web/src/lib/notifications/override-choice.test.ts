import { describe, expect, it } from 'vitest';
import { choiceLabel, choiceOf, NOTIFICATION_EVENTS, overrideOf, overridesSummary } from './override-choice';

describe('session override choices', () => {
  it('map both ways between the API and the menu', () => {
    for (const value of [null, true, false]) expect(overrideOf(choiceOf(value))).toBe(value);
    expect(choiceOf(null)).toBe('inherit');
    expect(choiceOf(true)).toBe('on');
    expect(choiceOf(false)).toBe('off');
  });

  it('say what the default currently means', () => {
    expect(choiceLabel('inherit', true)).toBe('Default (on)');
    expect(choiceLabel('inherit', false)).toBe('Default (off)');
    expect(choiceLabel('on', false)).toBe('On');
    expect(choiceLabel('off', true)).toBe('Off');
  });

  it('list the three events in the order the settings show them', () => {
    expect(NOTIFICATION_EVENTS.map((e) => e.kind)).toEqual(['complete', 'crashed', 'approval']);
  });

  it('summarise a session in one line', () => {
    const none = { complete: null, crashed: null, approval: null };
    expect(overridesSummary(none, { complete: true, crashed: true, approval: true })).toBe('Defaults: all on');
    expect(overridesSummary({ ...none, complete: false }, { complete: false, crashed: true, approval: true })).toBe('Custom: only session crashed, permission request');
    expect(overridesSummary({ complete: false, crashed: false, approval: false }, { complete: false, crashed: false, approval: false })).toBe('Custom: all off');
  });
});
