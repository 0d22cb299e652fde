/** The fields of the add-rule form, named as in the API's request body. */
export const RULE_FIELDS = ['action', 'tool', 'input', 'cwd', 'provider', 'session', 'priority', 'reason'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** The daemon's own wording for each field's problems, beyond its schema errors ("invalid body: <field>: …"). */
const FIELD_MESSAGES: ReadonlyArray<[RegExp, RuleField]> = [
  [/^the tool pattern\b/, 'tool'],
  [/^the input pattern\b/, 'input'],
  [/^unclosed "\["/, 'input'],
  [/names no tool with a main input/, 'input'],
  [/^the cwd pattern\b/, 'cwd'],
  [/^no session (matches|with id)\b/, 'session'],
  [/^"[^"]*" matches \d+ sessions/, 'session'],
  [/^priority\b/, 'priority'],
  [/^a reason\b/, 'reason'],
];

/**
 * Which form field an error from `POST /api/policies` is about, so the form can show it under that
 * field; undefined for errors about the rule as a whole.
 */
export function fieldOfError(message: string): RuleField | undefined {
  const schema = /^invalid body: ([a-z]+): /.exec(message);
  if (schema && (RULE_FIELDS as readonly string[]).includes(schema[1]!)) return schema[1] as RuleField;
  return FIELD_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/** The message without the "invalid body: <field>: " prefix, once it is shown under its field. */
export function fieldMessage(message: string): string {
  return message.replace(/^invalid body: [a-z]+: /, '');
}
