import { describe, expect, it } from 'vitest';
import { isTopLevelHelp, usageHint, usageMessage } from './usage-message.js';

describe('usageHint', () => {
  it('points at the help of the command being typed', () => {
    expect(usageHint(['send', '--no-enter'])).toBe('run "codepiper send --help" for usage');
    expect(usageHint(['--home', 'x', 'daemon', 'stop', '--bogus'])).toBe('run "codepiper daemon stop --help" for usage');
    expect(usageHint(['--url', 'http://h:1', 'auth', 'reset-totp', '--x'])).toBe('run "codepiper auth reset-totp --help" for usage');
    expect(usageHint(['token', 'create'])).toBe('run "codepiper token create --help" for usage');
  });

  it('points at the general help when no command was recognised', () => {
    expect(usageHint([])).toBe('run "codepiper --help" for usage');
    expect(usageHint(['bogus'])).toBe('run "codepiper --help" for usage');
  });
});

describe('usageMessage', () => {
  it('names a mistyped command and keeps the suggestion', () => {
    expect(usageMessage('Did you mean sessions?', ['sesions'])).toBe('unknown command "sesions"; did you mean "sessions"?');
    expect(usageMessage('Unknown argument: zzz', ['zzz'])).toBe('unknown command "zzz"');
  });

  it('names a mistyped subcommand of auth, token and daemon', () => {
    expect(usageMessage('Did you mean logins?', ['auth', 'login'])).toBe('unknown auth command "login"; did you mean "logins"?');
    expect(usageMessage('Unknown argument: make', ['token', 'make'])).toBe('unknown token command "make"');
  });

  it('keeps yargs messages about known commands as they are', () => {
    expect(usageMessage('Unknown argument: --bogus', ['sessions', '--bogus'])).toBe('Unknown argument: --bogus');
  });
});

describe('isTopLevelHelp', () => {
  it('is true for --help or -h with no command, whatever global options come with it', () => {
    expect(isTopLevelHelp(['--help'])).toBe(true);
    expect(isTopLevelHelp(['--url', 'http://h:1', '-h'])).toBe(true);
  });

  it('is false for the help of a command and for a --help after --', () => {
    expect(isTopLevelHelp(['attach', '--help'])).toBe(false);
    expect(isTopLevelHelp(['--', '--help'])).toBe(false);
    expect(isTopLevelHelp([])).toBe(false);
  });
});
