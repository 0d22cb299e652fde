import { describe, expect, it } from 'vitest';
import { groupCommandHelp } from './help-groups.js';

const HELP = [
  'codepiper <command> [options]',
  '',
  'Commands:',
  '  codepiper start [cmd..]   Start a session',
  '  codepiper daemon          Run the daemon',
  '  codepiper sessions        List sessions  [aliases: ls]',
  '  codepiper token           API tokens',
  '  codepiper completion      Print a completion script',
  '',
  'Options:',
  '  -h, --help  Show help',
].join('\n');

describe('groupCommandHelp', () => {
  it('splits the command list under the group headings in the order given, the rest under Other', () => {
    const groups = [
      { title: 'Sessions', commands: ['start', 'sessions'] },
      { title: 'Daemon', commands: ['daemon'] },
      { title: 'Auth & tokens', commands: ['auth', 'token'] },
    ];
    expect(groupCommandHelp(HELP, groups).split('\n')).toEqual([
      'codepiper <command> [options]',
      '',
      'Sessions:',
      '  codepiper start [cmd..]   Start a session',
      '  codepiper sessions        List sessions  [aliases: ls]',
      '',
      'Daemon:',
      '  codepiper daemon          Run the daemon',
      '',
      'Auth & tokens:',
      '  codepiper token           API tokens',
      '',
      'Other:',
      '  codepiper completion      Print a completion script',
      '',
      'Options:',
      '  -h, --help  Show help',
    ]);
  });

  it('leaves a help text without a command list unchanged', () => {
    expect(groupCommandHelp('Options:\n  -h', [{ title: 'X', commands: ['x'] }])).toBe('Options:\n  -h');
  });
});
