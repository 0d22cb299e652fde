import type { NotificationRepository, NotificationSettingsRepository, PushSubscriptionRepository } from '@codepiper/core';
import type { AgentStateName, Approval, Notification, NotificationKind, PushPayload, PushTestResponse, ServerMessage } from '@codepiper/protocol';
import { deliveryOptionsFor, type PushSubject } from './delivery-options.js';
import { OutcomeEpisodes } from './outcome-episodes.js';
import { encodePushPayload, oneLine } from './push-payload.js';
import type { PushSender } from './push-sender.js';
import type { PresenceTracker } from './presence-tracker.js';

/** What the notifier reads of an ended session (the protocol's Session has it all). */
export interface EndedSession {
  id: string;
  name: string;
  status: 'running' | 'exited' | 'failed' | 'stopped';
  exitCode: number | null;
  signal: string | null;
}

/** What the notifier reads of a session whose agent state changed (a SessionRecord has it all). */
export interface AgentStateSession {
  id: string;
  name: string;
  agentState: AgentStateName | null;
  agentStateReason: string | null;
}

export interface NotifierOptions {
  sender: PushSender;
  subscriptions: PushSubscriptionRepository;
  inbox: NotificationRepository;
  settings: NotificationSettingsRepository;
  deliveries: { deliveredTo(notificationId: number): string[] };
  presence: PresenceTracker;
  /** Sends a message to the session feed's subscribers (new inbox entries). */
  broadcast: (message: ServerMessage) => void;
  log: (message: string) => void;
  now?: () => number;
}

/** Longest one-line summary of a tool call in a notification: what a phone shows in two lines. */
const SUMMARY_MAX_CHARS = 160;

/**
 * Turns session and agent events into notifications: one inbox entry per event, and a push to each
 * subscribed device unless the event kind is switched off (globally or for the session) or the device
 * shows that session in a visible tab. See OutcomeEpisodes for the de-duplication rule; an approval
 * is announced exactly once (the inbox keeps one entry per approval id).
 *
 * Every entry point returns at once: the work runs on a later turn of the event loop, in call order,
 * so neither the session hub nor a hook waiting for its answer ever waits for storage or the network.
 */
export class Notifier {
  private readonly episodes = new OutcomeEpisodes();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A session's process ended (or its pty host was lost). */
  sessionEnded(session: EndedSession): void {
    const snapshot = { ...session };
    this.later('session ended', () => {
      const { id, name } = snapshot;
      if (snapshot.status === 'exited') {
        if (this.episodes.claim(id, 'complete')) this.announce({ kind: 'complete', sessionId: id, sessionName: name, title: `${name}: finished`, body: 'The process exited with code 0.' });
      } else if (snapshot.status === 'failed') {
        if (this.episodes.claim(id, 'crashed')) this.announce({ kind: 'crashed', sessionId: id, sessionName: name, title: `${name}: crashed`, body: crashReason(snapshot) });
      }
      // `stopped`: the owner ended it and knows.
      this.episodes.forget(id);
    });
  }

  /** An agent session's state changed from `previous` to `session.agentState`. */
  agentStateChanged(session: AgentStateSession, previous: AgentStateName | null): void {
    const snapshot = { id: session.id, name: session.name, state: session.agentState, reason: session.agentStateReason ?? '' };
    this.later('agent state', () => {
      const { id, name, state, reason } = snapshot;
      if (state === 'working' || state === 'needs-approval') {
        this.episodes.reset(id);
      } else if (state === 'waiting-input' && reason === 'turn finished') {
        if (this.episodes.claim(id, 'complete')) {
          this.announce({ kind: 'complete', sessionId: id, sessionName: name, title: `${name}: finished`, body: 'The agent finished its turn and waits for you.' });
        }
      } else if (state === 'failed' && previous !== 'failed') {
        if (this.episodes.claim(id, 'crashed')) this.announce({ kind: 'crashed', sessionId: id, sessionName: name, title: `${name}: crashed`, body: `The agent failed (${reason}).` });
      }
    });
  }

  /** A tool call now waits for the owner. Announced once per approval id, however often this is called. */
  approvalPending(approval: Approval): void {
    const a = { ...approval };
    this.later('approval', () => {
      if (a.status !== 'pending') return;
      const summary = oneLine(a.summary, SUMMARY_MAX_CHARS);
      this.announce({
        kind: 'approval',
        sessionId: a.session,
        sessionName: a.sessionName,
        title: `${a.sessionName}: allow ${a.tool}?`,
        body: summary,
        approval: { id: a.id, tool: a.tool, summary, expiresAt: a.expiresAt },
      });
    });
  }

  /**
   * A held tool call was decided (here, in the terminal, by timeout or because the session ended).
   * Its inbox entry is marked read, and devices that received its push get an `approval-resolved`
   * push with the same topic and tag, which replaces the stale Approve/Deny notification.
   */
  approvalDecided(approval: Approval): void {
    const a = { ...approval };
    this.later('approval decided', () => {
      if (a.status === 'pending') return;
      const entry = this.options.inbox.getByApproval(a.id);
      if (!entry) return;
      if (entry.readAt === null) {
        this.options.inbox.markRead({ ids: [entry.id] }, new Date(this.now()).toISOString());
        const updated = this.options.inbox.get(entry.id);
        if (updated) this.options.broadcast({ type: 'notification', notification: updated, unread: this.options.inbox.unreadCount() });
      }
      const subject: PushSubject = { kind: 'approval-resolved', sessionId: a.session, approvalId: a.id, expiresAt: a.expiresAt };
      const options = deliveryOptionsFor(subject, this.now());
      if (!options) return;
      const payload = encodePushPayload({
        ...this.payloadBase('approval-resolved', a.session, a.sessionName, `${a.sessionName}: ${a.tool} ${decisionWord(a.status)}`, decisionBody(a), entry.id, options.tag),
        approvalId: a.id,
        tool: a.tool,
        summary: oneLine(a.summary, SUMMARY_MAX_CHARS),
        decision: a.status,
        url: approvalUrl(a.session, a.id),
      });
      for (const id of this.options.deliveries.deliveredTo(entry.id)) {
        const subscription = this.options.subscriptions.get(id);
        if (!subscription) continue;
        void this.options.sender.deliver({ subscription, payload, options, event: 'approval-resolved', sessionId: a.session, notificationId: entry.id });
      }
    });
  }

  /** Any approval broadcast (pending, decided): dispatches to approvalPending or approvalDecided. */
  approvalChanged(approval: Approval): void {
    if (approval.status === 'pending') this.approvalPending(approval);
    else this.approvalDecided(approval);
  }

  /** A test push to the given devices, ignoring settings and presence; resolves with each first attempt. */
  async test(subscriptionIds: readonly string[]): Promise<PushTestResponse> {
    const options = deliveryOptionsFor({ kind: 'test' }, this.now())!;
    const attempts = subscriptionIds.flatMap((id) => {
      const subscription = this.options.subscriptions.get(id);
      if (!subscription) return [];
      const payload = encodePushPayload({
        ...this.payloadBase('test', null, '', 'CodePiper test notification', `Push notifications reach ${subscription.name}.`, undefined, options.tag),
        url: '/settings',
      });
      const delivery = this.options.sender.deliver({ subscription, payload, options, event: 'test', sessionId: null, notificationId: null });
      return [delivery.first.then((record) => ({ subscription, record }))];
    });
    const results = await Promise.all(attempts);
    return {
      results: results.map(({ subscription, record }) => ({
        device: subscription.id,
        name: subscription.name,
        outcome: record?.outcome ?? 'failed',
        status: record?.status ?? null,
        error: record ? record.error : 'the attempt could not be made; see the daemon log',
      })),
    };
  }

  close(): void {
    this.closed = true;
    this.options.sender.close();
  }

  // ---- internals -----------------------------------------------------------------------------

  private later(what: string, work: () => void): void {
    if (this.closed) return;
    setImmediate(() => {
      if (this.closed) return;
      try {
        work();
      } catch (error) {
        this.options.log(`notifications (${what}): ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private announce(event: {
    kind: NotificationKind;
    sessionId: string;
    sessionName: string;
    title: string;
    body: string;
    approval?: { id: string; tool: string; summary: string; expiresAt: string };
  }): void {
    const { inbox, settings } = this.options;
    let entry: Notification | undefined;
    try {
      entry = inbox.add({
        kind: event.kind,
        sessionId: event.sessionId,
        sessionName: event.sessionName,
        title: event.title,
        body: event.body,
        approvalId: event.approval?.id ?? null,
        createdAt: new Date(this.now()).toISOString(),
      });
    } catch (error) {
      // The session was removed before its event was handled: nothing left to tell.
      if ((error as { code?: string }).code === 'not_found') return;
      throw error;
    }
    if (!entry) return;
    this.options.broadcast({ type: 'notification', notification: entry, unread: inbox.unreadCount() });
    if (!settings.enabled(event.sessionId, event.kind)) return;
    const subject: PushSubject = event.approval
      ? { kind: 'approval', sessionId: event.sessionId, approvalId: event.approval.id, expiresAt: event.approval.expiresAt }
      : { kind: event.kind as 'complete' | 'crashed', sessionId: event.sessionId };
    const options = deliveryOptionsFor(subject, this.now());
    if (!options) return;
    const base = this.payloadBase(event.kind, event.sessionId, event.sessionName, event.title, event.body, entry.id, options.tag);
    const payload = encodePushPayload(
      event.approval
        ? { ...base, approvalId: event.approval.id, tool: event.approval.tool, summary: event.approval.summary, url: approvalUrl(event.sessionId, event.approval.id) }
        : base,
    );
    const pushWhileViewing = settings.global().pushWhileViewing;
    for (const subscription of this.options.subscriptions.list()) {
      const job = { subscription, event: event.kind, sessionId: event.sessionId, notificationId: entry.id };
      if (!pushWhileViewing && this.options.presence.isViewing(subscription.endpoint, event.sessionId)) {
        this.options.sender.skip(job, 'the device shows this session in a visible tab');
        continue;
      }
      void this.options.sender.deliver({ ...job, payload, options });
    }
  }

  private payloadBase(
    kind: PushPayload['kind'],
    sessionId: string | null,
    sessionName: string,
    title: string,
    body: string,
    notificationId: number | undefined,
    tag: string,
  ): PushPayload {
    return {
      kind,
      sessionId,
      sessionName,
      title,
      body,
      url: sessionId ? `/sessions/${sessionId}` : '/',
      tag,
      ...(notificationId !== undefined ? { notificationId } : {}),
      at: new Date(this.now()).toISOString(),
    };
  }
}

function crashReason(session: EndedSession): string {
  if (session.signal) return `The process was killed by ${session.signal}.`;
  if (session.exitCode !== null) return `The process exited with code ${session.exitCode}.`;
  return 'The session ended unexpectedly (the pty host that ran it was lost).';
}

function approvalUrl(sessionId: string, approvalId: string): string {
  return `/sessions/${sessionId}?approval=${approvalId}`;
}

function decisionWord(status: Approval['status']): string {
  switch (status) {
    case 'approved':
      return 'approved';
    case 'denied':
      return 'denied';
    case 'timeout':
      return 'waits in the terminal';
    default:
      return 'no longer waits';
  }
}

function decisionBody(approval: Approval): string {
  if (approval.status === 'timeout') return 'Nobody answered in time: answer the prompt in the terminal.';
  if (approval.status === 'cancelled') return approval.reason ?? 'The request was withdrawn.';
  return approval.decidedBy ? `Decided by ${approval.decidedBy}.` : 'Decided.';
}
