import { describe, expect, it } from 'vitest';
import { compileTextGlob, hasGlobChars } from './text-glob.js';

describe('compileTextGlob', () => {
  it('lets * cross slashes, spaces and newlines', () => {
    const glob = compileTextGlob('rm *');
    expect(glob.test('rm -rf /tmp/x')).toBe(true);
    expect(glob.test('rm a\nb')).toBe(true);
    expect(glob.test('rmdir x')).toBe(false);
  });

  it('matches the whole text, not a part of it', () => {
    expect(compileTextGlob('git *').test('sudo git push')).toBe(false);
    expect(compileTextGlob('*.sh').test('run.sh --x')).toBe(false);
  });

  it('reads ? as one character and [...] as a class, [!...] negated', () => {
    expect(compileTextGlob('ls ?').test('ls a')).toBe(true);
    expect(compileTextGlob('ls ?').test('ls ab')).toBe(false);
    expect(compileTextGlob('v[0-9]').test('v7')).toBe(true);
    expect(compileTextGlob('v[!0-9]').test('v7')).toBe(false);
    expect(compileTextGlob('v[!0-9]').test('vx')).toBe(true);
    expect(compileTextGlob('[]x]').test(']')).toBe(true);
  });

  it('takes regex characters, parentheses, braces and escapes literally', () => {
    expect(compileTextGlob('echo $(date) {a,b} *').test('echo $(date) {a,b} now')).toBe(true);
    expect(compileTextGlob('echo (x)*').test('echo x')).toBe(false);
    expect(compileTextGlob('a.b*').test('axb')).toBe(false);
    expect(compileTextGlob('a\\*b*').test('a*bc')).toBe(true);
    expect(compileTextGlob('a\\*b*').test('axbc')).toBe(false);
    expect(compileTextGlob('[\\d]*').test('d1')).toBe(true);
    expect(compileTextGlob('[\\d]*').test('1')).toBe(false);
  });

  it('refuses an unclosed class with bad_request', () => {
    expect(() => compileTextGlob('ls [abc')).toThrow(expect.objectContaining({ code: 'bad_request', message: expect.stringContaining('unclosed "["') }));
  });
});

describe('hasGlobChars', () => {
  it('sees *, ? and [ only', () => {
    expect(hasGlobChars('git status')).toBe(false);
    expect(hasGlobChars('echo {a} (b) !c')).toBe(false);
    expect(hasGlobChars('git *')).toBe(true);
    expect(hasGlobChars('ls ?')).toBe(true);
    expect(hasGlobChars('ls [ab]')).toBe(true);
  });
});
