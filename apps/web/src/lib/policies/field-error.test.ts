import { describe, expect, it } from 'vitest';
import { fieldMessage, fieldOfError } from './field-error';

describe('fieldOfError', () => {
  it.each([
    ['invalid body: tool: a pattern cannot be empty', 'tool'],
    ['invalid body: priority: priority is a whole number', 'priority'],
    ['the tool pattern "Bash[" is not a valid glob: Missing closing: "]"', 'tool'],
    ['the input pattern "src/{a" is not a valid glob: Missing closing: "}"', 'input'],
    ['unclosed "[" in the pattern "ls [a" (write \\[ for a literal [)', 'input'],
    ['"mcp__x" names no tool with a main input to match (only Bash, …): drop the input pattern', 'input'],
    ['the cwd pattern "src" must be absolute (start with / or ~)', 'cwd'],
    ['no session matches "nope"', 'session'],
    ['"a" matches 3 sessions: a1, a2, a3', 'session'],
    ['priority is a whole number between -1000 and 1000', 'priority'],
    ['a reason is at most 500 characters', 'reason'],
  ])('puts %j under %s', (message, field) => {
    expect(fieldOfError(message)).toBe(field);
  });

  it('leaves errors about the whole rule to the form', () => {
    expect(fieldOfError('invalid body: a rule is scoped to a session or to a provider, not both')).toBeUndefined();
    expect(fieldOfError('cannot reach the daemon')).toBeUndefined();
  });
});

describe('fieldMessage', () => {
  it('drops the schema prefix', () => {
    expect(fieldMessage('invalid body: tool: a pattern cannot be empty')).toBe('a pattern cannot be empty');
    expect(fieldMessage('the cwd pattern "x" must be absolute')).toBe('the cwd pattern "x" must be absolute');
  });
});
