import { describe, expect, it } from 'vitest';
import { shellSplit } from './shell-split';

const argv = (line: string) => {
  const result = shellSplit(line);
  if (!result.ok) throw new Error(result.error);
  return result.argv;
};

describe('shellSplit', () => {
  it('splits words on whitespace', () => {
    expect(argv('  claude   --model  opus ')).toEqual(['claude', '--model', 'opus']);
  });

  it('gives an empty argv for an empty line (the default shell)', () => {
    expect(argv('   ')).toEqual([]);
  });

  it('keeps single-quoted text literally', () => {
    expect(argv(`sh -c 'echo "$HOME" \\n'`)).toEqual(['sh', '-c', 'echo "$HOME" \\n']);
  });

  it('honours escapes inside double quotes and joins adjacent quoted parts', () => {
    expect(argv(`say "a \\"b\\" \\\\ c"'d'e`)).toEqual(['say', 'a "b" \\ cde']);
  });

  it('escapes a character with a backslash outside quotes', () => {
    expect(argv('ls my\\ dir')).toEqual(['ls', 'my dir']);
  });

  it('keeps an empty quoted word', () => {
    expect(argv(`printf '' x`)).toEqual(['printf', '', 'x']);
  });

  it('reports an unclosed quote and a trailing backslash', () => {
    expect(shellSplit(`echo 'oops`)).toEqual({ ok: false, error: 'the command has an unclosed single quote' });
    expect(shellSplit('echo "oops')).toMatchObject({ ok: false });
    expect(shellSplit('echo \\')).toMatchObject({ ok: false });
  });
});
