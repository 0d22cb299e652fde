import { describe, expect, it } from 'vitest';
import { describeEnd, sessionExitStatus } from './exit-status.js';

describe('sessionExitStatus', () => {
  it('passes a plain exit code through', () => {
    expect(sessionExitStatus({ status: 'exited', exitCode: 0, signal: null })).toBe(0);
    expect(sessionExitStatus({ status: 'failed', exitCode: 4, signal: null })).toBe(4);
  });

  it('returns 128 + the signal number when a signal ended the process', () => {
    expect(sessionExitStatus({ status: 'failed', exitCode: null, signal: 'SIGKILL' })).toBe(137);
    expect(sessionExitStatus({ status: 'stopped', exitCode: 0, signal: 'SIGTERM' })).toBe(143);
  });

  it('returns 1 for an unknown signal name or an end without code or signal', () => {
    expect(sessionExitStatus({ status: 'failed', exitCode: null, signal: 'SIGNOPE' })).toBe(1);
    expect(sessionExitStatus({ status: 'failed', exitCode: null, signal: null })).toBe(1);
  });

  it('returns 1 for an exit code outside 0-255', () => {
    expect(sessionExitStatus({ status: 'failed', exitCode: 300, signal: null })).toBe(1);
  });
});

describe('describeEnd', () => {
  it('names the exit code or the signal', () => {
    expect(describeEnd({ status: 'failed', exitCode: 4, signal: null })).toBe('session exited with code 4');
    expect(describeEnd({ status: 'stopped', exitCode: null, signal: 'SIGHUP' })).toBe('session ended by SIGHUP');
    expect(describeEnd({ status: 'failed', exitCode: null, signal: null })).toBe('session failed');
  });
});
