import { describe, expect, it } from 'vitest';
import { isPlaceholderSubject, pushSubjectProblem } from './push-subject.js';

describe('pushSubjectProblem', () => {
  it('accepts a mailto: address and an https: URL', () => {
    for (const subject of ['mailto:owner@example.com', 'mailto:codepiper@localhost', 'https://codepiper.example.com', 'https://example.com/contact']) {
      expect(pushSubjectProblem(subject), subject).toBeUndefined();
    }
  });

  it('refuses other schemes, bare addresses and malformed values', () => {
    for (const subject of ['owner@example.com', 'http://example.com', 'mailto:', 'mailto:no-at-sign', 'mailto:a@b@c', 'https://', 'https://user:pw@example.com', '']) {
      expect(pushSubjectProblem(subject), subject).toBeDefined();
    }
  });
});

describe('isPlaceholderSubject', () => {
  it('flags hosts Apple refuses and passes real ones', () => {
    expect(isPlaceholderSubject('mailto:codepiper@localhost')).toBe(true);
    expect(isPlaceholderSubject('mailto:relay@herdr.local')).toBe(true);
    expect(isPlaceholderSubject('https://localhost:3000')).toBe(true);
    expect(isPlaceholderSubject('mailto:security@gateway.invalid')).toBe(true);
    expect(isPlaceholderSubject('mailto:me@example.org')).toBe(false);
    expect(isPlaceholderSubject('https://myhost.tailnet.ts.net')).toBe(false);
  });
});
