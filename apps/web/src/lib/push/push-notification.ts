// Types only: the service worker imports this file, and the protocol's values would bring zod along.
import type { PushEvent } from '@codepiper/protocol';

/** The PWA icon: colourful for the notification, and its transparent corners make a usable badge silhouette. */
export const NOTIFICATION_ICON = '/icons/icon-192.png';
export const NOTIFICATION_BADGE = '/icons/icon-192.png';

/** The protocol's PUSH_EVENTS (a unit test keeps the two equal). */
export const KNOWN_PUSH_EVENTS: readonly PushEvent[] = ['complete', 'crashed', 'approval', 'approval-resolved', 'test'];

/** Longest tool-call summary shown: about two lines of a phone notification. */
const SUMMARY_MAX_CHARS = 160;

export type ApprovalAction = 'approve' | 'deny';

/** What a notification remembers for its click: where to go and what it is about. */
export interface NotificationData {
  kind: PushEvent | 'unknown';
  url: string;
  sessionId: string | null;
  approvalId?: string;
  notificationId?: number;
  tool?: string;
  summary?: string;
}

/**
 * showNotification()'s options. TypeScript's DOM library lacks `actions`, `renotify` and `timestamp`,
 * which every browser that does Web Push understands (and the others ignore).
 */
export interface NotificationSpec {
  title: string;
  options: {
    body: string;
    icon: string;
    badge: string;
    tag: string;
    renotify: boolean;
    requireInteraction: boolean;
    silent: boolean;
    actions: Array<{ action: ApprovalAction; title: string }>;
    data: NotificationData;
    timestamp?: number;
  };
}

/**
 * The notification a push shows. The payload is the daemon's PushPayload, but anything may arrive (an
 * older daemon, a broken push), and a push must always show something: unknown input becomes a plain
 * "CodePiper" notification that opens the dashboard.
 */
export function notificationFor(payload: unknown): NotificationSpec {
  const p = isRecord(payload) ? payload : {};
  const kind: NotificationData['kind'] = typeof p.kind === 'string' && (KNOWN_PUSH_EVENTS as readonly string[]).includes(p.kind) ? (p.kind as PushEvent) : 'unknown';
  const sessionName = text(p.sessionName);
  const sessionId = typeof p.sessionId === 'string' ? p.sessionId : null;
  const tool = text(p.tool);
  const summary = oneLine(text(p.summary), SUMMARY_MAX_CHARS);
  const approvalId = kind === 'approval' || kind === 'approval-resolved' ? text(p.approvalId) : '';
  const url = safePath(p.url) ?? (sessionId ? `/sessions/${sessionId}` : '/');
  const approval = kind === 'approval' && approvalId !== '';

  const title = text(p.title) || fallbackTitle(kind, sessionName, tool);
  // A permission request says which tool and what it would do; the title already names the tool.
  const body = approval && summary ? summary : text(p.body) || (kind === 'unknown' ? 'Something in CodePiper needs your attention.' : '');
  const tag = text(p.tag) || (approvalId ? `approval-${approvalId}` : sessionId ? `session-${sessionId}` : 'codepiper');
  const at = Date.parse(text(p.at));

  const data: NotificationData = { kind, url, sessionId };
  if (approvalId) data.approvalId = approvalId;
  if (typeof p.notificationId === 'number') data.notificationId = p.notificationId;
  if (tool) data.tool = tool;
  if (summary) data.summary = summary;

  return {
    title,
    options: {
      body,
      icon: NOTIFICATION_ICON,
      badge: NOTIFICATION_BADGE,
      tag,
      // An approval waits for the owner: alert again even when it replaces an older notification, and
      // stay until answered. Its resolution replaces it quietly.
      renotify: approval,
      requireInteraction: approval,
      silent: kind === 'approval-resolved',
      actions: approval
        ? [
            { action: 'approve', title: 'Approve' },
            { action: 'deny', title: 'Deny' },
          ]
        : [],
      data,
      ...(Number.isNaN(at) ? {} : { timestamp: at }),
    },
  };
}

/** What replaces an approval's notification once the worker decided it from the notification's action. */
export function decidedNotification(data: NotificationData, decision: ApprovalAction, tag: string): NotificationSpec {
  const what = data.tool ? `${data.tool} ${decision === 'approve' ? 'approved' : 'denied'}` : decision === 'approve' ? 'Approved' : 'Denied';
  return {
    title: what,
    options: {
      body: data.summary ?? '',
      icon: NOTIFICATION_ICON,
      badge: NOTIFICATION_BADGE,
      tag,
      renotify: false,
      requireInteraction: false,
      silent: true,
      actions: [],
      data: { ...data, kind: 'approval-resolved' },
    },
  };
}

function fallbackTitle(kind: NotificationData['kind'], sessionName: string, tool: string): string {
  const who = sessionName || 'A session';
  switch (kind) {
    case 'complete':
      return `${who}: finished`;
    case 'crashed':
      return `${who}: crashed`;
    case 'approval':
      return `${who}: allow ${tool || 'a tool call'}?`;
    case 'approval-resolved':
      return `${who}: answered`;
    case 'test':
      return 'CodePiper test notification';
    default:
      return 'CodePiper';
  }
}

/** Only a path on the dashboard's own origin: a push must never send the owner somewhere else. */
function safePath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Whitespace runs become one space; longer than `max` characters is cut with an ellipsis. */
export function oneLine(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}
