import { describe, expect, it } from 'vitest';
import { commandSegments, hasShellControl, normaliseCommand } from './shell-command.js';

describe('hasShellControl', () => {
  it.each(['a; b', 'a && b', 'a || b', 'a | b', 'a &', 'a\nb', 'echo $(id)', 'echo `id`', 'a > f', 'a < f', 'diff <(a) <(b)', 'a 2>&1'])(
    'sees an operator in %j',
    (command) => {
      expect(hasShellControl(command)).toBe(true);
    },
  );

  it('sees none in a simple command', () => {
    expect(hasShellControl('git log --oneline -n 5 -- src/')).toBe(false);
    expect(hasShellControl('echo $HOME ${USER}')).toBe(false);
  });
});

describe('normaliseCommand', () => {
  it('trims and collapses spaces and tabs but keeps newlines', () => {
    expect(normaliseCommand('  git \t status   --short ')).toBe('git status --short');
    expect(normaliseCommand('a  b\n  c   d ')).toBe('a b\nc d');
  });
});

describe('commandSegments', () => {
  it('cuts a line into its simple commands', () => {
    expect(commandSegments('ls && rm -rf x; echo hi | tee log')).toEqual(['ls', 'rm -rf x', 'echo hi', 'tee log']);
    expect(commandSegments('echo $(rm -rf x) `id`')).toEqual(['echo', 'rm -rf x', 'id']);
    expect(commandSegments('a\nb')).toEqual(['a', 'b']);
  });

  it('adds the command behind environment assignments, wrappers and shell keywords', () => {
    expect(commandSegments('FOO=1 sudo rm -rf /')).toEqual(['FOO=1 sudo rm -rf /', 'rm -rf /']);
    expect(commandSegments('ls | xargs rm')).toEqual(['ls', 'xargs rm', 'rm']);
    expect(commandSegments('if true; then rm x; fi')).toEqual(['if true', 'true', 'then rm x', 'rm x', 'fi']);
    expect(commandSegments('sudo /bin/rm -rf x')).toEqual(['sudo /bin/rm -rf x', '/bin/rm -rf x', 'rm -rf x']);
    expect(commandSegments('\\rm x')).toEqual(['\\rm x', 'rm x']);
  });
});
