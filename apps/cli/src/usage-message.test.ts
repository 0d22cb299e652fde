import { describe, expect, it } from 'vitest';
import { usageHint, usageMessage } from './usage-message.js';

describe('usageHint', () => {
  it('points at the help of the command being typed', () => {
    expect(usageHint(['send', '--no-enter'])).toBe('run "codepiper send --help" for usage');
    expect(usageHint(['--home', 'x', 'daemon', 'stop', '--bogus'])).toBe('run "codepiper daemon stop --help" for usage');
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

  it('keeps yargs messages about known commands as they are', () => {
    expect(usageMessage('Unknown argument: --bogus', ['sessions', '--bogus'])).toBe('Unknown argument: --bogus');
  });
});
