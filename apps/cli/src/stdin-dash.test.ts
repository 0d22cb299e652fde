import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { protectStdinDash, restoreStdinDash } from './stdin-dash.js';

describe('protectStdinDash', () => {
  it('leaves arguments after "--" untouched', () => {
    expect(protectStdinDash(['send', 'x', '--', '-']).slice(2)).toEqual(['--', '-']);
  });

  it('round-trips a lone "-" through yargs, which would otherwise drop it', async () => {
    const parse = (args: string[]) =>
      yargs(args)
        .middleware((argv) => restoreStdinDash(argv as Record<string, unknown>), true)
        .command('send <ref> [text..]', 'test', (y) => y.positional('text', { type: 'string', array: true }))
        .parseAsync();
    expect(((await parse(['send', 'abc', '-'])) as Record<string, unknown>).text).toEqual([]);
    expect(((await parse(protectStdinDash(['send', 'abc', '-']))) as Record<string, unknown>).text).toEqual(['-']);
  });

  it('restores markers in strings and arrays', () => {
    const argv: Record<string, unknown> = { text: protectStdinDash(['-', 'a']), ref: protectStdinDash(['-'])[0] };
    restoreStdinDash(argv);
    expect(argv).toEqual({ text: ['-', 'a'], ref: '-' });
  });
});
