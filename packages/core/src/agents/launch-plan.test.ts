import { describe, expect, it } from 'vitest';
import { CLAUDE_HOOK_EVENTS } from '@codepiper/protocol';
import { buildLaunchPlan, type LaunchInput } from './launch-plan.js';
import { claudeSettings } from './claude-launch.js';

const BASE: LaunchInput = {
  binaryPath: '/opt/bin/claude',
  sessionDir: '/home/me/.codepiper/sessions/a1b2c3d4',
  forwarder: ['/usr/bin/node', '/srv/code piper/dist/hook-forwarder.js'],
  home: '/home/me/.codepiper',
  hookSecret: 'secret-123',
  approvalTimeoutMs: 300_000,
  newSessionId: () => '11111111-2222-3333-4444-555555555555',
};

describe('claude launch plan', () => {
  it('launches with a fresh session id, the per-session settings file, the model and extra args', () => {
    const plan = buildLaunchPlan('claude', { ...BASE, model: 'opus', args: ['--verbose'] });
    expect(plan.command).toEqual([
      '/opt/bin/claude',
      '--session-id',
      '11111111-2222-3333-4444-555555555555',
      '--settings',
      '/home/me/.codepiper/sessions/a1b2c3d4/claude-settings.json',
      '--model',
      'opus',
      '--verbose',
    ]);
    expect(plan.providerSessionId).toBe('11111111-2222-3333-4444-555555555555');
    expect(plan.model).toBe('opus');
    expect(plan.env).toEqual({ CODEPIPER_HOME: '/home/me/.codepiper', CODEPIPER_HOOK_SECRET: 'secret-123' });
    expect(plan.unsetEnv).toContain('CLAUDECODE');
  });

  it('resumes with --resume instead of a new --session-id and keeps the resumed id', () => {
    const plan = buildLaunchPlan('claude', { ...BASE, resume: 'old-conversation' });
    expect(plan.command).toEqual(['/opt/bin/claude', '--resume', 'old-conversation', '--settings', '/home/me/.codepiper/sessions/a1b2c3d4/claude-settings.json']);
    expect(plan.command).not.toContain('--session-id');
    expect(plan.providerSessionId).toBe('old-conversation');
  });

  it('writes a private settings file that pins the default permission mode and hooks every event', () => {
    const plan = buildLaunchPlan('claude', BASE);
    expect(plan.files).toHaveLength(1);
    const [file] = plan.files;
    expect(file!.mode).toBe(0o600);
    const settings = JSON.parse(file!.content) as ReturnType<typeof claudeSettings>;
    expect(settings.permissions).toEqual({ defaultMode: 'default' });
    expect(Object.keys(settings.hooks).sort()).toEqual([...CLAUDE_HOOK_EVENTS].sort());
  });

  it('runs the quoted forwarder for each event, with the approval timeout plus a margin where a decision may wait', () => {
    const settings = claudeSettings({ forwarder: BASE.forwarder, approvalTimeoutMs: 300_000 });
    const command = "/usr/bin/node '/srv/code piper/dist/hook-forwarder.js' claude";
    expect(settings.hooks.PermissionRequest).toEqual([{ matcher: '*', hooks: [{ type: 'command', command, timeout: 330 }] }]);
    expect(settings.hooks.PreToolUse).toEqual([{ matcher: '*', hooks: [{ type: 'command', command, timeout: 330 }] }]);
    expect(settings.hooks.Stop).toEqual([{ hooks: [{ type: 'command', command, timeout: 15 }] }]);
    expect(settings.hooks.Notification?.[0]?.matcher).toBe('*');
    expect(settings.hooks.UserPromptSubmit?.[0]).not.toHaveProperty('matcher');
    expect(claudeSettings({ forwarder: ['node', "it's.js"], approvalTimeoutMs: 1_500 }).hooks.PreToolUse?.[0]?.hooks[0]).toEqual({
      type: 'command',
      command: "node 'it'\\''s.js' claude",
      timeout: 32,
    });
  });
});

describe('codex launch plan', () => {
  it('registers the forwarder as notify program (a TOML array) and passes the model', () => {
    const plan = buildLaunchPlan('codex', { ...BASE, binaryPath: '/opt/bin/codex', model: 'gpt-5', args: ['--full-auto'] });
    expect(plan.command).toEqual([
      '/opt/bin/codex',
      '-c',
      'notify=["/usr/bin/node", "/srv/code piper/dist/hook-forwarder.js", "codex"]',
      '-m',
      'gpt-5',
      '--full-auto',
    ]);
    expect(plan.providerSessionId).toBeNull();
    expect(plan.files).toEqual([]);
    expect(plan.env.CODEPIPER_HOOK_SECRET).toBe('secret-123');
  });

  it('resumes a thread with the resume subcommand', () => {
    const plan = buildLaunchPlan('codex', { ...BASE, binaryPath: '/opt/bin/codex', resume: 'thread-9' });
    expect(plan.command.slice(3)).toEqual(['resume', 'thread-9']);
    expect(plan.providerSessionId).toBe('thread-9');
  });
});
