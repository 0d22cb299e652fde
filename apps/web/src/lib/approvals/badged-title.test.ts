import { describe, expect, it } from 'vitest';
import { badgedTitle } from './badged-title';

describe('badgedTitle', () => {
  it('puts the pending count in front of the title', () => {
    expect(badgedTitle('Sessions · CodePiper', 2)).toBe('(2) Sessions · CodePiper');
  });

  it('replaces an earlier count instead of stacking counts', () => {
    expect(badgedTitle('(2) Sessions · CodePiper', 3)).toBe('(3) Sessions · CodePiper');
  });

  it('shows the plain title when nothing is pending', () => {
    expect(badgedTitle('(1) CodePiper', 0)).toBe('CodePiper');
  });
});
