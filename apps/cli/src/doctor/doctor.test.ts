import { describe, expect, it } from 'vitest';
import { runDoctor, type DoctorCheck, type DoctorContext } from './checks.js';
import { formatDoctorReport } from './doctor-report.js';

const ctx = { local: true, daemonUp: async () => false } as unknown as DoctorContext;

describe('runDoctor', () => {
  it('collects the lines of every check and turns a throwing check into a failure', async () => {
    const fine: DoctorCheck = async () => [{ check: 'fine', status: 'ok', message: 'all good' }];
    const brokenCheck: DoctorCheck = async () => {
      throw new Error('exploded\nwith details');
    };
    const results = await runDoctor(ctx, [fine, brokenCheck]);
    expect(results).toEqual([
      { check: 'fine', status: 'ok', message: 'all good' },
      { check: 'broken', status: 'fail', message: 'exploded' },
    ]);
  });
});

describe('formatDoctorReport', () => {
  it('prints a status column and the fix under each problem', () => {
    const report = formatDoctorReport([
      { check: 'node', status: 'ok', message: 'Node.js 22.0.0', fix: 'never shown' },
      { check: 'daemon', status: 'warn', message: 'no daemon is running', fix: 'start it' },
    ]);
    expect(report).toBe('ok    Node.js 22.0.0\nwarn  no daemon is running\n      fix: start it');
  });
});
