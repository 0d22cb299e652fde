import { describe, expect, it } from 'vitest';
import { commandWord, commandsFor, COMMANDS } from './command-registry.js';

describe('command registry', () => {
  it('lists each command under the names its module declares', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      const declared = [String(command.command).split(' ')[0], ...((command.aliases as string[] | undefined) ?? [])];
      expect(entry.names).toEqual(declared);
    }
  });

  it('finds the command word after global options and their values', () => {
    expect(commandWord(['sessions', '--json'])).toBe('sessions');
    expect(commandWord(['--home', '/tmp/h', 'ls'])).toBe('ls');
    expect(commandWord(['--home=/tmp/h', '--url', 'https://x', 'logs', 'a1'])).toBe('logs');
    expect(commandWord(['--help'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
  });

  it('loads only the named command, none for --version, and every command otherwise', async () => {
    expect((await commandsFor(['--home', '/h', 'ls'])).map((c) => c.command)).toEqual(['sessions']);
    expect(await commandsFor(['--version'])).toHaveLength(0);
    expect(await commandsFor(['--version', '--help'])).toHaveLength(COMMANDS.length);
    expect(await commandsFor(['sesions'])).toHaveLength(COMMANDS.length);
  });
});
