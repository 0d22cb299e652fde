import type { NotificationKind, NotificationSettings, SessionNotificationOverrides } from '@codepiper/protocol';

/** The three events that notify, as the settings and the session menu list them. */
export const NOTIFICATION_EVENTS: ReadonlyArray<{ kind: NotificationKind; label: string; hint: string }> = [
  { kind: 'complete', label: 'Session complete', hint: 'An agent finished its turn, or a command exited with code 0.' },
  { kind: 'crashed', label: 'Session crashed', hint: 'A non-zero exit, a signal, or an agent failure.' },
  { kind: 'approval', label: 'Permission request', hint: 'A tool call waits for your approval; Approve and Deny work from the notification.' },
];

/** A session's choice for one event: follow the global default, or always / never notify. */
export type OverrideChoice = 'inherit' | 'on' | 'off';

export const OVERRIDE_CHOICES: readonly OverrideChoice[] = ['inherit', 'on', 'off'];

export function choiceOf(value: boolean | null): OverrideChoice {
  return value === null ? 'inherit' : value ? 'on' : 'off';
}

/** The API's form of a choice: null inherits. */
export function overrideOf(choice: OverrideChoice): boolean | null {
  return choice === 'inherit' ? null : choice === 'on';
}

/** "Default (on)", "On", "Off": the default says what it currently means. */
export function choiceLabel(choice: OverrideChoice, globalDefault: boolean): string {
  if (choice === 'inherit') return `Default (${globalDefault ? 'on' : 'off'})`;
  return choice === 'on' ? 'On' : 'Off';
}

/** The session menu's one-line state: whether anything differs from the defaults, and what is muted. */
export function overridesSummary(overrides: SessionNotificationOverrides, effective: Pick<NotificationSettings, NotificationKind>): string {
  const custom = NOTIFICATION_EVENTS.some((e) => overrides[e.kind] !== null);
  const on = NOTIFICATION_EVENTS.filter((e) => effective[e.kind]);
  const what = on.length === 0 ? 'all off' : on.length === NOTIFICATION_EVENTS.length ? 'all on' : `only ${on.map((e) => e.label.toLowerCase()).join(', ')}`;
  return `${custom ? 'Custom' : 'Defaults'}: ${what}`;
}
