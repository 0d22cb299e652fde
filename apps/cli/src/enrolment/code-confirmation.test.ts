import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { scriptedTerminal } from '../prompt/test-support/fake-tty.js';
import { confirmWithCode } from './code-confirmation.js';

const wrongCode = (): CliError => new CliError('that code is not right', { code: 'unauthorized' });

describe('confirmWithCode', () => {
  it('sends the typed code, without its spaces, and stops once the daemon accepts it', async () => {
    const sent: string[] = [];
    const io = scriptedTerminal(['123 456\r']);
    await confirmWithCode({ confirm: async (code) => sent.push(code), laterCommand: 'codepiper auth confirm', io });
    expect(sent).toEqual(['123456']);
    expect(io.transcript()).toBe('Code from the authenticator app: 123 456\r\n');
  });

  it('asks again after a wrong or malformed code, saying how many tries are left', async () => {
    const sent: string[] = [];
    const warnings: string[] = [];
    const io = scriptedTerminal(['111111\r', '12ab\r', '222222\r']);
    await confirmWithCode({
      confirm: async (code) => {
        sent.push(code);
        if (code === '111111') throw wrongCode();
      },
      laterCommand: 'codepiper auth confirm',
      io,
      warn: (line) => warnings.push(line),
    });
    expect(sent).toEqual(['111111', '222222']);
    expect(warnings).toEqual(['that code is not right; 2 tries left', 'an authenticator code is 6 digits; 1 try left']);
  });

  it('fails after three wrong codes, naming the command that finishes later', async () => {
    const io = scriptedTerminal(['111111\r', '222222\r', '333333\r']);
    const confirm = async (): Promise<never> => {
      throw wrongCode();
    };
    await expect(confirmWithCode({ confirm, laterCommand: 'codepiper auth confirm-totp', io, warn: () => undefined })).rejects.toThrow(
      'that code is not right; no code accepted after 3 tries: finish later with "codepiper auth confirm-totp <code>"',
    );
  });

  it('passes any other daemon error straight through', async () => {
    const io = scriptedTerminal(['123456\r']);
    const boom = new CliError('the daemon closed the connection');
    await expect(confirmWithCode({ confirm: () => Promise.reject(boom), laterCommand: 'x', io })).rejects.toBe(boom);
  });
});
