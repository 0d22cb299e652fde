import type { Approval } from '@codepiper/protocol';

/** An approval as the daemon sends it, pending unless told otherwise (for this folder's tests). */
export function approval(id: string, overrides: Partial<Approval> = {}): Approval {
  return {
    id,
    session: 'a1b2c3d4',
    sessionName: 'agent',
    provider: 'claude',
    tool: 'Bash',
    input: { command: 'npm test' },
    summary: 'npm test',
    status: 'pending',
    createdAt: '2024-01-01T00:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    reason: null,
    expiresAt: '2024-01-01T00:05:00.000Z',
    ...overrides,
  };
}

export function decided(id: string, status: Approval['status'], at: string, overrides: Partial<Approval> = {}): Approval {
  return approval(id, { status, decidedAt: at, decidedBy: 'owner', ...overrides });
}
