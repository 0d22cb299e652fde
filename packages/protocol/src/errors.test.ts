import { describe, expect, it } from 'vitest';
import { CodePiperError, ERROR_CODES, ErrorResponseSchema, httpStatusForCode, isCodePiperError } from './errors.js';

describe('httpStatusForCode', () => {
  it('maps every code to an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      const status = httpStatusForCode(code);
      expect(status >= 400 && status < 600, code).toBe(true);
    }
    expect(httpStatusForCode('not_found')).toBe(404);
    expect(httpStatusForCode('ambiguous')).toBe(409);
    expect(httpStatusForCode('payload_too_large')).toBe(413);
    expect(httpStatusForCode('internal')).toBe(500);
  });
});

describe('CodePiperError', () => {
  it('carries its code, message and cause', () => {
    const cause = new Error('root');
    const error = new CodePiperError('conflict', 'name in use', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'conflict', message: 'name in use', name: 'CodePiperError', cause });
  });
});

describe('isCodePiperError', () => {
  it('recognises the class, subclasses and coded errors from another copy of the package', () => {
    class Sub extends CodePiperError {}
    const foreign = Object.assign(new Error('x'), { code: 'not_found' });
    expect(isCodePiperError(new CodePiperError('internal', 'x'))).toBe(true);
    expect(isCodePiperError(new Sub('bad_request', 'x'))).toBe(true);
    expect(isCodePiperError(foreign)).toBe(true);
  });

  it('rejects plain errors, unknown codes and non-errors', () => {
    expect(isCodePiperError(new Error('x'))).toBe(false);
    expect(isCodePiperError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isCodePiperError({ code: 'not_found', message: 'x' })).toBe(false);
    expect(isCodePiperError(null)).toBe(false);
  });
});

describe('ErrorResponseSchema', () => {
  it('accepts a coded error body and rejects an unknown code', () => {
    expect(ErrorResponseSchema.safeParse({ error: { code: 'not_found', message: 'gone' } }).success).toBe(true);
    expect(ErrorResponseSchema.safeParse({ error: { code: 'nope', message: 'gone' } }).success).toBe(false);
  });
});
