import { describe, expect, it } from 'vitest';
import { decisionPath, followUpFor, pickWindow, planClick } from './notification-click';

const approvalData = { kind: 'approval', url: '/sessions/a1b2c3d4?approval=0000beef', sessionId: 'a1b2c3d4', approvalId: '0000beef', notificationId: 3 };
const ORIGIN = 'https://codepiper.example';

describe('planClick', () => {
  it('turns Approve and Deny on a permission request into a decision', () => {
    expect(planClick(approvalData, 'approve')).toEqual({ kind: 'decide', approvalId: '0000beef', decision: 'approve', url: approvalData.url, notificationId: 3 });
    expect(planClick(approvalData, 'deny')).toMatchObject({ kind: 'decide', decision: 'deny' });
  });

  it('opens the page for a tap on the notification itself', () => {
    expect(planClick(approvalData, '')).toEqual({ kind: 'open', url: approvalData.url, notificationId: 3 });
    expect(planClick({ kind: 'complete', url: '/sessions/a1b2c3d4', sessionId: 'a1b2c3d4' }, '')).toEqual({ kind: 'open', url: '/sessions/a1b2c3d4' });
  });

  it('decides nothing for an action on anything but a pending request', () => {
    expect(planClick({ ...approvalData, kind: 'approval-resolved' }, 'approve')).toMatchObject({ kind: 'open' });
    expect(planClick({ ...approvalData, approvalId: undefined }, 'approve')).toMatchObject({ kind: 'open' });
    expect(planClick(null, 'approve')).toEqual({ kind: 'open', url: '/' });
  });

  it('opens only pages of the dashboard itself', () => {
    expect(planClick({ kind: 'complete', url: '//evil.example' }, '')).toEqual({ kind: 'open', url: '/' });
    expect(planClick({ kind: 'complete', url: 'https://evil.example' }, '')).toEqual({ kind: 'open', url: '/' });
  });
});

describe('decisionPath', () => {
  it("is the dashboard's own decision route", () => {
    expect(decisionPath('0000beef', 'approve')).toBe('/api/approvals/0000beef/approve');
    expect(decisionPath('0000beef', 'deny')).toBe('/api/approvals/0000beef/deny');
  });
});

describe('followUpFor', () => {
  it('is done on success, quiet when answered elsewhere, and opens the app otherwise', () => {
    expect(followUpFor(200)).toBe('done');
    expect(followUpFor(409)).toBe('already');
    expect(followUpFor(404)).toBe('already');
    expect(followUpFor(401)).toBe('open');
    expect(followUpFor(403)).toBe('open');
    expect(followUpFor(503)).toBe('open');
    expect(followUpFor('network-error')).toBe('open');
  });
});

describe('pickWindow', () => {
  it('focuses a window already on the page, preferring the focused one', () => {
    const windows = [
      { url: `${ORIGIN}/`, focused: true },
      { url: `${ORIGIN}/sessions/a1b2c3d4`, focused: false },
      { url: `${ORIGIN}/sessions/a1b2c3d4`, focused: true },
    ];
    expect(pickWindow(windows, '/sessions/a1b2c3d4?approval=0000beef', ORIGIN)).toEqual({ index: 2, navigate: false });
  });

  it('takes another dashboard window there, the focused or visible one first', () => {
    const windows = [
      { url: `${ORIGIN}/settings`, focused: false, visibilityState: 'hidden' },
      { url: `${ORIGIN}/`, focused: false, visibilityState: 'visible' },
    ];
    expect(pickWindow(windows, '/sessions/a1b2c3d4', ORIGIN)).toEqual({ index: 1, navigate: true });
  });

  it('opens a new window when no dashboard window is open', () => {
    expect(pickWindow([], '/', ORIGIN)).toBeUndefined();
    expect(pickWindow([{ url: 'https://other.example/sessions/a1b2c3d4', focused: true }], '/sessions/a1b2c3d4', ORIGIN)).toBeUndefined();
  });
});
