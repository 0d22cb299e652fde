import { DAEMON_SETTING_DEFAULTS } from '@codepiper/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_TIMEOUT_MS, DEFAULT_LOG_CAP_BYTES, DEFAULT_PUSH_SUBJECT } from './constants.js';

describe('daemon defaults', () => {
  it('are the defaults "codepiper config list" shows, so a daemon started without settings behaves as listed', () => {
    expect(DAEMON_SETTING_DEFAULTS.approvalTimeout * 1000).toBe(DEFAULT_APPROVAL_TIMEOUT_MS);
    expect(DAEMON_SETTING_DEFAULTS.logCapBytes).toBe(DEFAULT_LOG_CAP_BYTES);
    expect(DAEMON_SETTING_DEFAULTS.pushSubject).toBe(DEFAULT_PUSH_SUBJECT);
  });
});
