import { DOCTOR_CLOCK_SKEW_FAIL_MS, DOCTOR_CLOCK_SKEW_WARN_MS } from '../constants.js';
import type { DoctorCheck } from './checks.js';

/**
 * TOTP codes are checked against the daemon's clock. Remotely, compare this machine's clock with the
 * daemon's (its Date header); locally, ask whether NTP keeps the clock right (timedatectl, where
 * systemd has it: without it there is nothing to ask, and no line).
 */
export const clockCheck: DoctorCheck = async (ctx) => {
  if (!ctx.local) {
    const remote = await ctx.remoteDate?.().catch(() => undefined);
    if (!remote) return [];
    const skew = (ctx.now ?? Date.now)() - remote.getTime();
    const seconds = Math.round(Math.abs(skew) / 1000);
    const direction = skew > 0 ? 'ahead of' : 'behind';
    if (Math.abs(skew) < DOCTOR_CLOCK_SKEW_WARN_MS) return [{ check: 'clock', status: 'ok', message: `clock within ${Math.max(1, seconds)} s of the daemon's` }];
    return [
      {
        check: 'clock',
        status: Math.abs(skew) >= DOCTOR_CLOCK_SKEW_FAIL_MS ? 'fail' : 'warn',
        message: `this machine's clock is ${seconds} s ${direction} the daemon's: authenticator codes are checked with the daemon's clock (±30 s)`,
        fix: 'keep both clocks synchronised with NTP (e.g. "sudo timedatectl set-ntp true"), on the daemon\'s machine first',
      },
    ];
  }
  const answer = ctx.run?.('timedatectl', ['show', '--property=NTPSynchronized', '--value']);
  const value = answer && answer.code === 0 ? answer.stdout.trim() : undefined;
  if (value === 'yes') return [{ check: 'clock', status: 'ok', message: 'the system clock is synchronised (NTP)' }];
  if (value === 'no') {
    return [
      {
        check: 'clock',
        status: 'warn',
        message: 'the system clock is not NTP-synchronised: authenticator codes fail once it drifts 30 s',
        fix: 'sudo timedatectl set-ntp true (or start your NTP client: chrony, ntpd)',
      },
    ];
  }
  return [];
};
