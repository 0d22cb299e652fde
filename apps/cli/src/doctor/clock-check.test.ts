import { describe, expect, it } from 'vitest';
import type { DoctorContext } from './checks.js';
import { clockCheck } from './clock-check.js';

const local = (stdout: string, code = 0): DoctorContext => ({ local: true, run: () => ({ code, stdout, stderr: '' }) }) as unknown as DoctorContext;
const remote = (skewMs: number): DoctorContext => ({ local: false, now: () => 1_000_000_000_000 + skewMs, remoteDate: async () => new Date(1_000_000_000_000) }) as unknown as DoctorContext;

describe('clockCheck', () => {
  it('is green when timedatectl says the clock is NTP-synchronised, yellow with a fix when not', async () => {
    expect(await clockCheck(local('yes\n'))).toEqual([{ check: 'clock', status: 'ok', message: 'the system clock is synchronised (NTP)' }]);
    const [unsynced] = await clockCheck(local('no\n'));
    expect(unsynced).toMatchObject({ status: 'warn', fix: expect.stringContaining('timedatectl set-ntp true') });
  });

  it('says nothing where timedatectl is missing or cannot answer', async () => {
    expect(await clockCheck(local('', 127))).toEqual([]);
    expect(await clockCheck(local('', 1))).toEqual([]);
  });

  it('compares this clock with a remote daemon\'s: green within 15 s, yellow beyond, red past a TOTP step', async () => {
    expect((await clockCheck(remote(3_000)))[0]).toMatchObject({ status: 'ok', message: "clock within 3 s of the daemon's" });
    expect((await clockCheck(remote(-20_000)))[0]).toMatchObject({ status: 'warn', message: expect.stringContaining("20 s behind the daemon's") });
    expect((await clockCheck(remote(45_000)))[0]).toMatchObject({ status: 'fail', message: expect.stringContaining("45 s ahead of the daemon's"), fix: expect.stringContaining('NTP') });
  });

  it('says nothing when the remote daemon sent no date', async () => {
    expect(await clockCheck({ local: false, remoteDate: async () => undefined } as unknown as DoctorContext)).toEqual([]);
  });
});
