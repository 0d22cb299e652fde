import { describe, expect, it } from 'vitest';
import { PUSH_EVENTS, type PushPayload } from '@codepiper/protocol';
import { decidedNotification, KNOWN_PUSH_EVENTS, NOTIFICATION_BADGE, NOTIFICATION_ICON, notificationFor } from './push-notification';

const approval: PushPayload = {
  kind: 'approval',
  sessionId: 'a1b2c3d4',
  sessionName: 'api',
  title: 'api: allow Bash?',
  body: 'npm publish --access public',
  approvalId: '0000beef',
  tool: 'Bash',
  summary: 'npm publish\n   --access public',
  url: '/sessions/a1b2c3d4?approval=0000beef',
  tag: 'approval-0000beef',
  notificationId: 12,
  at: '2024-05-01T10:00:00.000Z',
};

describe('notificationFor', () => {
  it('knows every push event of the protocol', () => {
    expect([...KNOWN_PUSH_EVENTS].sort()).toEqual([...PUSH_EVENTS].sort());
  });

  it('shows a permission request with the session, the tool, a one-line summary and Approve / Deny', () => {
    const spec = notificationFor(approval);
    expect(spec.title).toBe('api: allow Bash?');
    expect(spec.options).toMatchObject({
      body: 'npm publish --access public',
      icon: NOTIFICATION_ICON,
      badge: NOTIFICATION_BADGE,
      tag: 'approval-0000beef',
      renotify: true,
      requireInteraction: true,
      silent: false,
      timestamp: Date.parse('2024-05-01T10:00:00.000Z'),
      actions: [
        { action: 'approve', title: 'Approve' },
        { action: 'deny', title: 'Deny' },
      ],
      data: { kind: 'approval', url: '/sessions/a1b2c3d4?approval=0000beef', sessionId: 'a1b2c3d4', approvalId: '0000beef', notificationId: 12, tool: 'Bash' },
    });
  });

  it('shows a finished session under its session tag, without actions, replacing quietly', () => {
    const spec = notificationFor({ ...approval, kind: 'complete', title: 'api: finished', body: 'The agent finished its turn.', approvalId: undefined, tool: undefined, summary: undefined, url: '/sessions/a1b2c3d4', tag: 'session-a1b2c3d4' });
    expect(spec.title).toBe('api: finished');
    expect(spec.options).toMatchObject({ body: 'The agent finished its turn.', tag: 'session-a1b2c3d4', renotify: false, requireInteraction: false, actions: [] });
    expect(spec.options.data.approvalId).toBeUndefined();
  });

  it("shows an approval's resolution silently under the approval's tag", () => {
    const spec = notificationFor({ ...approval, kind: 'approval-resolved', title: 'api: Bash approved', body: 'Decided by owner.', decision: 'approved' });
    expect(spec.options).toMatchObject({ tag: 'approval-0000beef', silent: true, renotify: false, requireInteraction: false, actions: [] });
    expect(spec.title).toBe('api: Bash approved');
  });

  it('still shows something for a push it cannot read, opening the dashboard', () => {
    for (const payload of [undefined, 'text', [1], { kind: 'nonsense' }]) {
      const spec = notificationFor(payload);
      expect(spec.title).toBe('CodePiper');
      expect(spec.options.body).not.toBe('');
      expect(spec.options.data).toMatchObject({ kind: 'unknown', url: '/' });
      expect(spec.options.tag).toBe('codepiper');
    }
  });

  it('builds a title and tag from the fields when the text is missing', () => {
    const spec = notificationFor({ kind: 'approval', sessionId: 'a1b2c3d4', sessionName: 'api', approvalId: '0000beef', tool: 'Edit' });
    expect(spec.title).toBe('api: allow Edit?');
    expect(spec.options.tag).toBe('approval-0000beef');
    expect(spec.options.data.url).toBe('/sessions/a1b2c3d4');
  });

  it('never opens another origin from a push', () => {
    for (const url of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)', '/\\evil']) {
      expect(notificationFor({ ...approval, url }).options.data.url).toBe('/sessions/a1b2c3d4');
    }
  });

  it('cuts a long summary to two phone lines', () => {
    const spec = notificationFor({ ...approval, summary: 'x'.repeat(500) });
    expect([...spec.options.body]).toHaveLength(160);
    expect(spec.options.body.endsWith('…')).toBe(true);
  });
});

describe('decidedNotification', () => {
  it('replaces the request with its answer, silently and without buttons', () => {
    const data = notificationFor(approval).options.data;
    const spec = decidedNotification(data, 'deny', 'approval-0000beef');
    expect(spec.title).toBe('Bash denied');
    expect(spec.options).toMatchObject({ body: 'npm publish --access public', tag: 'approval-0000beef', silent: true, actions: [], data: { kind: 'approval-resolved', approvalId: '0000beef' } });
  });
});
