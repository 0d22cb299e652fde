import { describe, expect, it } from 'vitest';
import { asksOnlyVersion } from './command-word.js';

describe('asksOnlyVersion', () => {
  it('is true for --version before any command word, with or without global options', () => {
    expect(asksOnlyVersion(['--version'])).toBe(true);
    expect(asksOnlyVersion(['--home', '/tmp/h', '--version'])).toBe(true);
    expect(asksOnlyVersion(['--version', 'sessions'])).toBe(true);
  });

  it('is false with a command word, help, completion or --version only after --', () => {
    expect(asksOnlyVersion(['sessions', '--version'])).toBe(false);
    expect(asksOnlyVersion(['--version', '--help'])).toBe(false);
    expect(asksOnlyVersion(['-h', '--version'])).toBe(false);
    expect(asksOnlyVersion(['--get-yargs-completions', '--version'])).toBe(false);
    expect(asksOnlyVersion(['--', '--version'])).toBe(false);
    expect(asksOnlyVersion([])).toBe(false);
  });
});
