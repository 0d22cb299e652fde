import { describe, expect, it } from 'vitest';
import type { ProviderInfo } from '@codepiper/protocol';
import { defaultProvider, newSessionRequest, providerChoices, providerFields, type NewSessionInput } from './new-session-form';

const ALL = { hooks: true, transcripts: true, resume: true, modelSwitch: true, approvals: true };
const NONE = { hooks: false, transcripts: false, resume: false, modelSwitch: false, approvals: false };

const shell: ProviderInfo = { name: 'shell', displayName: 'Shell', binary: null, capabilities: NONE, found: null, models: [] };
const claude: ProviderInfo = {
  name: 'claude',
  displayName: 'Claude Code',
  binary: 'claude',
  capabilities: ALL,
  found: { path: '/usr/bin/claude', version: '2.1.331' },
  models: ['sonnet', 'opus'],
};
const codex: ProviderInfo = { name: 'codex', displayName: 'Codex', binary: 'codex', capabilities: { ...ALL, approvals: false }, found: null, models: ['gpt-5'] };

function input(overrides: Partial<NewSessionInput>): NewSessionInput {
  return { provider: shell, name: '', cwd: '', command: '', model: '', resume: '', ...overrides };
}

describe('providerChoices', () => {
  it('offers every provider, with the ones whose binary is missing marked "not installed" and unavailable', () => {
    expect(providerChoices([shell, claude, codex])).toEqual([
      { name: 'shell', label: 'Shell', available: true, note: 'any program' },
      { name: 'claude', label: 'Claude Code', available: true, note: '2.1.331' },
      { name: 'codex', label: 'Codex', available: false, note: 'not installed' },
    ]);
  });

  it('picks the first available provider by default', () => {
    expect(defaultProvider([codex, claude, shell])?.name).toBe('claude');
  });
});

describe('providerFields', () => {
  it('shows model and resume only for the capabilities a provider declares, whatever its name', () => {
    expect(providerFields(claude)).toEqual({ agent: true, model: true, resume: true, models: ['sonnet', 'opus'] });
    const plain = { ...claude, capabilities: { ...ALL, modelSwitch: false, resume: false } };
    expect(providerFields(plain)).toEqual({ agent: true, model: false, resume: false, models: [] });
  });

  it('keeps the plain command form for a provider without a binary of its own, or when providers are unknown', () => {
    expect(providerFields(shell)).toEqual({ agent: false, model: false, resume: false, models: [] });
    expect(providerFields(undefined).agent).toBe(false);
  });
});

describe('newSessionRequest', () => {
  it('sends a shell command line as argv', () => {
    expect(newSessionRequest(input({ name: ' api ', cwd: '/srv', command: 'npm test -- --watch' }))).toEqual({
      ok: true,
      body: { name: 'api', cwd: '/srv', provider: 'shell', command: ['npm', 'test', '--', '--watch'] },
    });
  });

  it('sends an agent the command field as extra arguments, with model and resume', () => {
    expect(newSessionRequest(input({ provider: claude, command: '--add-dir "/a b"', model: 'opus', resume: 'abc-123' }))).toEqual({
      ok: true,
      body: { provider: 'claude', args: ['--add-dir', '/a b'], model: 'opus', resume: 'abc-123' },
    });
  });

  it('leaves out model and resume a provider cannot take, even when typed earlier for another one', () => {
    const plain = { ...claude, capabilities: { ...ALL, modelSwitch: false, resume: false } };
    expect(newSessionRequest(input({ provider: plain, model: 'opus', resume: 'abc' }))).toEqual({ ok: true, body: { provider: 'claude' } });
    expect(newSessionRequest(input({ provider: shell, command: 'sh', model: 'opus' }))).toEqual({ ok: true, body: { provider: 'shell', command: ['sh'] } });
  });

  it('refuses a provider that is not installed and a line with an open quote', () => {
    expect(newSessionRequest(input({ provider: codex }))).toEqual({ ok: false, error: "Codex is not installed on the daemon's machine" });
    expect(newSessionRequest(input({ command: "echo 'oops" })).ok).toBe(false);
  });

  it('sends no provider when the list could not be loaded', () => {
    expect(newSessionRequest(input({ provider: undefined, command: 'htop' }))).toEqual({ ok: true, body: { command: ['htop'] } });
  });
});
