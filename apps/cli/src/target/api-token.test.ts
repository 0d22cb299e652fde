import { describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../errors.js';
import { readApiToken } from './api-token.js';

const TOKEN = 'cpt_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const noFile = (): string => {
  throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
};

describe('readApiToken', () => {
  it('takes CODEPIPER_TOKEN, trimmed, and names it as the source', () => {
    expect(readApiToken(undefined, { CODEPIPER_TOKEN: ` ${TOKEN}\n` }, noFile)).toEqual({ token: TOKEN, source: 'CODEPIPER_TOKEN' });
  });

  it('reports no token when the variable is unset or blank', () => {
    expect(readApiToken(undefined, {}, noFile)).toEqual({ token: undefined, source: 'CODEPIPER_TOKEN' });
    expect(readApiToken(undefined, { CODEPIPER_TOKEN: '  ' }, noFile).token).toBeUndefined();
  });

  it('prefers --token-file over the environment, dropping the trailing newline', () => {
    const read = (path: string): string => (path === '/run/tok' ? `${TOKEN}\n` : noFile());
    expect(readApiToken('/run/tok', { CODEPIPER_TOKEN: 'cpt_other' }, read)).toEqual({ token: TOKEN, source: '--token-file /run/tok' });
  });

  it('fails with exit 1 and the error code when the file cannot be read', () => {
    let thrown: unknown;
    try {
      readApiToken('/nope', {}, noFile);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).exitCode).toBe(EXIT.failure);
    expect((thrown as CliError).message).toBe('cannot read the token file /nope (ENOENT)');
  });

  it('refuses an empty file and a value with spaces or control characters (it could not go in a header)', () => {
    expect(() => readApiToken('/empty', {}, () => '\n')).toThrow('--token-file /empty is empty');
    expect(() => readApiToken(undefined, { CODEPIPER_TOKEN: 'two words' }, noFile)).toThrow('CODEPIPER_TOKEN does not hold a token: it contains spaces or control characters');
    expect(() => readApiToken(undefined, { CODEPIPER_TOKEN: 'cpt_a\r\nX-Evil: 1' }, noFile)).toThrow(/does not hold a token/);
  });
});
