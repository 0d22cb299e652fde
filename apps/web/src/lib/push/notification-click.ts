import type { ApprovalAction, NotificationData } from './push-notification';

/** What a tap on a notification (or one of its buttons) does. */
export type ClickPlan =
  /** Approve or Deny: answer the held tool call from the worker, without opening the app. */
  | { kind: 'decide'; approvalId: string; decision: ApprovalAction; url: string; notificationId?: number }
  /** The notification itself: open or focus the page it is about. */
  | { kind: 'open'; url: string; notificationId?: number };

export function planClick(data: unknown, action: string): ClickPlan {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Partial<NotificationData>;
  const url = typeof d.url === 'string' && d.url.startsWith('/') && !d.url.startsWith('//') ? d.url : '/';
  const notificationId = typeof d.notificationId === 'number' ? d.notificationId : undefined;
  const withId = notificationId !== undefined ? { notificationId } : {};
  if ((action === 'approve' || action === 'deny') && d.kind === 'approval' && typeof d.approvalId === 'string' && d.approvalId !== '') {
    return { kind: 'decide', approvalId: d.approvalId, decision: action, url, ...withId };
  }
  return { kind: 'open', url, ...withId };
}

/** The daemon's decision route for an action (the same one the dashboard's buttons call). */
export function decisionPath(approvalId: string, decision: ApprovalAction): string {
  return `/api/approvals/${encodeURIComponent(approvalId)}/${decision}`;
}

/**
 * After the worker sent a decision: `done` (replace the notification with the answer), `already`
 * (someone answered first or it expired: say nothing more), or `open` (the login expired, the daemon
 * is unreachable or refused: open the app at the request so the owner can answer there).
 */
export type DecisionFollowUp = 'done' | 'already' | 'open';

export function followUpFor(status: number | 'network-error'): DecisionFollowUp {
  if (status === 'network-error') return 'open';
  if (status >= 200 && status < 300) return 'done';
  if (status === 409 || status === 404) return 'already';
  return 'open';
}

export interface WindowLike {
  url: string;
  focused: boolean;
  visibilityState?: string;
}

/**
 * Which open dashboard window shows `target`: one already on that page is focused as it is; else one
 * of the dashboard's windows is focused and navigated there; none (undefined): open a new window.
 * Focused and visible windows are preferred.
 */
export function pickWindow(windows: readonly WindowLike[], target: string, origin: string): { index: number; navigate: boolean } | undefined {
  const wanted = new URL(target, origin);
  const rank = (w: WindowLike) => (w.focused ? 2 : 0) + (w.visibilityState === 'visible' ? 1 : 0);
  let best: { index: number; navigate: boolean; score: number } | undefined;
  windows.forEach((w, index) => {
    let url: URL;
    try {
      url = new URL(w.url);
    } catch {
      return;
    }
    if (url.origin !== wanted.origin) return;
    const samePage = url.pathname === wanted.pathname;
    const score = (samePage ? 10 : 0) + rank(w);
    if (!best || score > best.score) best = { index, navigate: !samePage, score };
  });
  return best ? { index: best.index, navigate: best.navigate } : undefined;
}
