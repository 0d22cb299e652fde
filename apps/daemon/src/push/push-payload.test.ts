import { describe, expect, it } from 'vitest';
import { PushPayloadSchema, type PushPayload } from '@codepiper/protocol';
import { encodePushPayload, oneLine } from './push-payload.js';

const base: PushPayload = {
  kind: 'approval',
  sessionId: 'a1b2c3d4',
  sessionName: 'api',
  title: 'api: allow Bash?',
  body: 'npm test',
  approvalId: '0badcafe',
  tool: 'Bash',
  summary: 'npm test',
  url: '/sessions/a1b2c3d4?approval=0badcafe',
  tag: 'approval-0badcafe',
  notificationId: 7,
  at: '2026-06-01T12:00:00.000Z',
};

describe('encodePushPayload', () => {
  it('keeps a small payload exactly as given', () => {
    expect(JSON.parse(encodePushPayload(base))).toEqual(base);
  });

  it('cuts long free text to fit the limit and never touches ids, url or tag', () => {
    const long = 'rm -rf "/tmp/some folder" && '.repeat(400);
    const json = encodePushPayload({ ...base, summary: long, body: long }, 3072);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(3072);
    const decoded = PushPayloadSchema.parse(JSON.parse(json));
    expect(decoded.summary!.endsWith('…')).toBe(true);
    expect(decoded).toMatchObject({ approvalId: '0badcafe', url: base.url, tag: base.tag, notificationId: 7, sessionId: 'a1b2c3d4' });
  });

  it('counts bytes, not characters: text made of multibyte characters and JSON escapes still fits', () => {
    const json = encodePushPayload({ ...base, summary: '日本語"\\\n'.repeat(2000), title: '🚀'.repeat(500) }, 3072);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(3072);
    expect(() => JSON.parse(json)).not.toThrow();
  });
  it('refuses, rather than loops, when the fields cannot shrink enough', () => {
    expect(() => encodePushPayload({ ...base, sessionName: 'seventeen-chars-x', title: 'x'.repeat(17) }, 100)).toThrow(/cannot be made smaller/);
  });
});

describe('oneLine', () => {
  it('folds whitespace and cuts with an ellipsis', () => {
    expect(oneLine('  npm\n  test\t--watch ', 100)).toBe('npm test --watch');
    expect(oneLine('abcdefghij', 5)).toBe('abcd…');
  });
});
