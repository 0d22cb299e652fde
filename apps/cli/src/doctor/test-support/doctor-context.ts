import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DaemonStatus } from '@codepiper/protocol';
import type { DoctorContext } from '../checks.js';

/** A home in the temp folder (0700, like the daemon's) and a doctor context for it with no daemon. */
export function tempDoctorHome(): { home: string; ctx: DoctorContext; withDaemon(status: Partial<DaemonStatus>): DoctorContext; release(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cp-doctor-'));
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  const base = { local: true, home, env: {}, daemonUp: async () => false } as unknown as DoctorContext;
  return {
    home,
    ctx: base,
    withDaemon: (status) => ({ ...base, daemonUp: async () => true, client: { status: async () => status } } as unknown as DoctorContext),
    release: () => rmSync(dir, { recursive: true, force: true }),
  };
}
