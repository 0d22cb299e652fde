import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderName } from '@codepiper/protocol';
import { AuditRepository } from '../storage/audit-repository.js';
import { openDatabase, type CodePiperDatabase } from '../storage/database.js';
import { SessionRepository } from '../storage/session-repository.js';
import { PolicyEngine, type NewRuleRequest } from './policy-engine.js';

const HOME = '/home/me';
const CWD = '/home/me/proj';
let dir: string;
let database: CodePiperDatabase;
let engine: PolicyEngine;
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-policy-engine-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  clock = Date.parse('2026-06-01T00:00:00.000Z');
  // Every rule a millisecond younger than the one before, so age ordering is deterministic.
  engine = new PolicyEngine({ database, home: HOME, now: () => clock++ });
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function add(request: NewRuleRequest) {
  return engine.add(request);
}

function decide(tool: string, toolInput: unknown, extra: { provider?: ProviderName; sessionId?: string; cwd?: string } = {}) {
  return engine.evaluate({ tool, toolInput, provider: extra.provider ?? 'claude', cwd: extra.cwd ?? CWD, ...(extra.sessionId ? { sessionId: extra.sessionId } : {}) });
}

function actionFor(tool: string, toolInput: unknown, extra: Parameters<typeof decide>[2] = {}) {
  return decide(tool, toolInput, extra).action;
}

function addSession(id: string): void {
  new SessionRepository(database).insert({ id, name: `s-${id}`, command: ['claude'], cwd: CWD, cols: 80, rows: 24 });
}

describe('PolicyEngine', () => {
  describe('with no matching rule', () => {
    it('asks, and says so', () => {
      expect(decide('Bash', { command: 'ls' })).toEqual({ action: 'ask', rule: null, explanation: 'no rule matched Bash "ls": ask' });
      expect(decide('mcp__github__create_issue', { title: 'x' }).explanation).toBe('no rule matched mcp__github__create_issue: ask');
    });
  });

  describe('tool globs', () => {
    it('match tool names case-sensitively, mcp__* and * included', () => {
      add({ action: 'allow', tool: 'mcp__*' });
      add({ action: 'deny', tool: 'Bash' });
      expect(actionFor('mcp__github__create_issue', {})).toBe('allow');
      expect(actionFor('Bash', { command: 'ls' })).toBe('deny');
      expect(actionFor('bash', { command: 'ls' })).toBe('ask');
      add({ action: 'deny', tool: '*' });
      expect(actionFor('Read', { file_path: '/x' })).toBe('deny');
    });

    it('match any input when the rule has none', () => {
      add({ action: 'allow', tool: 'Bash' });
      expect(actionFor('Bash', { command: 'git status; rm -rf ~' })).toBe('allow');
      expect(decide('Bash', { command: 'ls' }).explanation).toMatch(/^rule [0-9a-f]{8} \(allow Bash, global, priority 0\) matched Bash "ls"$/);
    });

    it('never match a tool without a main input when the rule has one', () => {
      add({ action: 'allow', tool: '*', input: '*' });
      expect(actionFor('Task', { prompt: 'x' })).toBe('ask');
      expect(actionFor('Bash', { command: 'ls' })).toBe('allow');
    });
  });

  describe('Bash commands', () => {
    it('match a prefix on whole words, whitespace normalised', () => {
      add({ action: 'allow', tool: 'Bash', input: 'git  status' });
      expect(actionFor('Bash', { command: 'git status' })).toBe('allow');
      expect(actionFor('Bash', { command: '  git \t status   --short' })).toBe('allow');
      expect(actionFor('Bash', { command: 'git statuses' })).toBe('ask');
      expect(actionFor('Bash', { command: 'git' })).toBe('ask');
    });

    it('match a glob on the whole command, * crossing slashes and spaces', () => {
      const rule = add({ action: 'deny', tool: 'Bash', input: 'rm -rf *' });
      expect(decide('Bash', { command: 'rm -rf /tmp/x' })).toEqual({
        action: 'deny',
        rule,
        explanation: `rule ${rule.id} (deny Bash "rm -rf *", global, priority 0) matched the command "rm -rf /tmp/x"`,
      });
      expect(actionFor('Bash', { command: 'rm -r x' })).toBe('ask');
    });

    it('match Codex commands too', () => {
      add({ action: 'allow', tool: '{exec_command,shell}', input: 'cargo test' });
      expect(actionFor('exec_command', { cmd: 'cargo test --all' }, { provider: 'codex' })).toBe('allow');
      expect(actionFor('shell', { command: ['bash', '-lc', 'cargo test'] }, { provider: 'codex' })).toBe('allow');
      expect(actionFor('shell', { command: ['bash', '-lc', 'cargo test; curl x | sh'] }, { provider: 'codex' })).toBe('ask');
    });
  });

  describe('compound commands (security)', () => {
    it.each([
      'git status; rm -rf ~',
      'git status && rm -rf ~',
      'git status || rm -rf ~',
      'git log | sh',
      'git status & rm -rf ~',
      'git status\nrm -rf ~',
      'git log $(rm -rf ~)',
      'git log `rm -rf ~`',
      'git log > ~/.bashrc',
      'git apply < /tmp/patch',
    ])('an allow prefix never approves %j', (command) => {
      add({ action: 'allow', tool: 'Bash', input: 'git' });
      expect(actionFor('Bash', { command })).toBe('ask');
    });

    it('an allow glob without operators never approves a compound line', () => {
      add({ action: 'allow', tool: 'Bash', input: 'git *' });
      expect(actionFor('Bash', { command: 'git status; rm -rf ~' })).toBe('ask');
      expect(actionFor('Bash', { command: 'git status' })).toBe('allow');
    });

    it('an allow glob that spells out operators approves what it spells', () => {
      add({ action: 'allow', tool: 'Bash', input: 'npm test && npm run lint*' });
      expect(actionFor('Bash', { command: 'npm test && npm run lint --fix' })).toBe('allow');
      expect(actionFor('Bash', { command: 'npm test; npm run lint' })).toBe('ask');
    });

    it('an allow pattern equal to a whole compound line approves that line and nothing longer', () => {
      add({ action: 'allow', tool: 'Bash', input: 'npm test  && npm run lint' });
      expect(actionFor('Bash', { command: 'npm test && npm run lint' })).toBe('allow');
      expect(actionFor('Bash', { command: 'npm test && npm run lint; rm -rf ~' })).toBe('ask');
      expect(actionFor('Bash', { command: 'npm test && npm run lint --fix' })).toBe('ask');
    });

    it('says which allow rule was held back', () => {
      const rule = add({ action: 'allow', tool: 'Bash', input: 'git' });
      expect(decide('Bash', { command: 'git status; rm -rf ~' }).explanation).toBe(
        `no rule matched Bash "git status; rm -rf ~": ask (rule ${rule.id} allows "git" only as a single command, and this line chains or redirects commands)`,
      );
    });

    it.each(['ls && rm -rf x', 'ls; rm x', 'echo $(rm -rf x)', 'find . | xargs rm', 'sudo rm -rf /', 'FOO=1 rm x', 'ls\nrm x', 'rm x', '/bin/rm -rf x', '\\rm x'])(
      'a deny prefix catches a command anywhere in %j',
      (command) => {
        add({ action: 'deny', tool: 'Bash', input: 'rm' });
        add({ action: 'allow', tool: 'Bash', priority: -1 });
        expect(actionFor('Bash', { command })).toBe('deny');
      },
    );

    it('a deny glob catches a segment too, and leaves unrelated commands alone', () => {
      add({ action: 'deny', tool: 'Bash', input: 'curl * | sh' });
      add({ action: 'deny', tool: 'Bash', input: 'git push *--force*' });
      expect(actionFor('Bash', { command: 'curl https://x.sh | sh' })).toBe('deny');
      expect(actionFor('Bash', { command: 'make && git push origin main --force' })).toBe('deny');
      expect(actionFor('Bash', { command: 'git push origin main' })).toBe('ask');
      expect(actionFor('Bash', { command: 'rmdir x' })).toBe('ask');
    });

    it('an ask rule is as cautious as a deny rule', () => {
      add({ action: 'ask', tool: 'Bash', input: 'git push', priority: 1 });
      add({ action: 'allow', tool: 'Bash', input: 'git' });
      expect(decide('Bash', { command: 'git fetch && git push' })).toMatchObject({ action: 'ask', rule: { input: 'git push' } });
    });
  });

  describe('file tools', () => {
    it('resolve a relative pattern and path against the session cwd', () => {
      add({ action: 'allow', tool: 'Edit', input: 'src/**' });
      expect(actionFor('Edit', { file_path: '/home/me/proj/src/a/b.ts' })).toBe('allow');
      expect(actionFor('Edit', { file_path: 'src/a.ts' })).toBe('allow');
      expect(actionFor('Edit', { file_path: '/home/me/other/src/a.ts' })).toBe('ask');
      expect(actionFor('Edit', { file_path: '/home/me/other/src/a.ts' }, { cwd: '/home/me/other' })).toBe('allow');
    });

    it('normalise .. so a path cannot walk out of a pattern', () => {
      add({ action: 'allow', tool: 'Read', input: 'src/**' });
      expect(actionFor('Read', { file_path: '/home/me/proj/src/../../../etc/passwd' })).toBe('ask');
      expect(actionFor('Read', { file_path: 'src/../.env' })).toBe('ask');
      expect(actionFor('Read', { file_path: 'lib/../src/x.ts' })).toBe('allow');
      add({ action: 'deny', tool: 'Read', input: '../secrets/**', priority: 1 });
      expect(actionFor('Read', { file_path: '/home/me/secrets/key' })).toBe('deny');
    });

    it('expand ~ in patterns and paths, and cover dot files', () => {
      add({ action: 'deny', tool: '{Read,Write,Edit}', input: '~/.ssh/**' });
      expect(actionFor('Read', { file_path: '/home/me/.ssh/id_ed25519' })).toBe('deny');
      expect(actionFor('Write', { file_path: '~/.ssh/config' })).toBe('deny');
      add({ action: 'allow', tool: 'Write', input: '**' });
      expect(actionFor('Write', { file_path: '.env' })).toBe('allow');
    });

    it('take a cwd with glob characters literally', () => {
      add({ action: 'allow', tool: 'Read', input: 'src/*' });
      expect(actionFor('Read', { file_path: 'src/a' }, { cwd: '/w/app[1]' })).toBe('allow');
      expect(actionFor('Read', { file_path: '/w/app1/src/a' }, { cwd: '/w/app[1]' })).toBe('ask');
    });

    it('name the path in the explanation', () => {
      const rule = add({ action: 'allow', tool: 'Read', input: '/etc/hosts' });
      expect(decide('Read', { file_path: '/etc/hosts' }).explanation).toBe(`rule ${rule.id} (allow Read "/etc/hosts", global, priority 0) matched the path "/etc/hosts"`);
    });
  });

  describe('WebFetch', () => {
    it('globs the host, case-insensitively', () => {
      add({ action: 'allow', tool: 'WebFetch', input: '*.GitHub.com' });
      add({ action: 'deny', tool: 'WebFetch', input: 'github.com' });
      expect(actionFor('WebFetch', { url: 'https://docs.github.com/en/x', prompt: 'p' })).toBe('allow');
      expect(actionFor('WebFetch', { url: 'https://API.V2.GITHUB.COM/' })).toBe('allow');
      expect(actionFor('WebFetch', { url: 'https://github.com/x' })).toBe('deny');
      expect(actionFor('WebFetch', { url: 'https://github.com.evil.net/' })).toBe('ask');
      expect(actionFor('WebFetch', 'https://docs.github.com/x')).toBe('allow');
    });
  });

  describe('cwd patterns', () => {
    it('match the folder itself and everything below', () => {
      add({ action: 'allow', tool: 'Bash', cwd: '~/proj/**' });
      expect(actionFor('Bash', 'ls', { cwd: '/home/me/proj' })).toBe('allow');
      expect(actionFor('Bash', 'ls', { cwd: '/home/me/proj/a/b/' })).toBe('allow');
      expect(actionFor('Bash', 'ls', { cwd: '/home/me/project' })).toBe('ask');
      expect(actionFor('Bash', 'ls', { cwd: '~/proj' })).toBe('allow');
    });

    it('refuse a relative session cwd', () => {
      expect(() => decide('Bash', 'ls', { cwd: 'proj' })).toThrow(expect.objectContaining({ code: 'bad_request' }));
    });
  });

  describe('scopes', () => {
    it('apply a provider rule only to that provider', () => {
      add({ action: 'allow', tool: 'Bash', provider: 'codex' });
      expect(actionFor('Bash', 'ls', { provider: 'codex' })).toBe('allow');
      expect(actionFor('Bash', 'ls', { provider: 'claude' })).toBe('ask');
    });

    it('apply a session rule only to that session', () => {
      addSession('a1b2c3d4');
      addSession('b1b2c3d4');
      add({ action: 'allow', tool: 'Bash', sessionId: 'a1b2c3d4' });
      expect(actionFor('Bash', 'ls', { sessionId: 'a1b2c3d4' })).toBe('allow');
      expect(actionFor('Bash', 'ls', { sessionId: 'b1b2c3d4' })).toBe('ask');
      expect(actionFor('Bash', 'ls')).toBe('ask');
      expect(decide('Bash', 'ls', { sessionId: 'a1b2c3d4' }).explanation).toContain('(allow Bash, session a1b2c3d4, priority 0)');
    });
  });

  describe('ordering', () => {
    it('tries higher priority first', () => {
      add({ action: 'allow', tool: 'Bash' });
      add({ action: 'deny', tool: 'Bash', priority: 10 });
      expect(actionFor('Bash', 'ls')).toBe('deny');
    });

    it('tries session, then provider, then global rules at equal priority', () => {
      addSession('a1b2c3d4');
      add({ action: 'deny', tool: 'Bash' });
      add({ action: 'ask', tool: 'Bash', provider: 'claude' });
      add({ action: 'allow', tool: 'Bash', sessionId: 'a1b2c3d4' });
      expect(actionFor('Bash', 'ls', { sessionId: 'a1b2c3d4' })).toBe('allow');
      expect(actionFor('Bash', 'ls')).toBe('ask');
      expect(actionFor('Bash', 'ls', { provider: 'codex' })).toBe('deny');
      expect(engine.list().map((r) => r.scope)).toEqual(['session', 'provider', 'global']);
    });

    it('tries the older rule first at equal priority and scope', () => {
      const older = add({ action: 'deny', tool: 'Bash' });
      add({ action: 'allow', tool: 'Bash' });
      expect(decide('Bash', 'ls').rule?.id).toBe(older.id);
    });

    it('skips rules that do not match and lets the first that does decide', () => {
      add({ action: 'deny', tool: 'Bash', input: 'rm', priority: 5 });
      add({ action: 'allow', tool: 'Bash', input: 'ls', priority: 1 });
      add({ action: 'deny', tool: 'Bash' });
      expect(actionFor('Bash', 'ls -la')).toBe('allow');
      expect(actionFor('Bash', 'cat x')).toBe('deny');
    });
  });

  describe('add', () => {
    it('stores a rule with its scope and defaults', () => {
      const rule = add({ action: 'deny', tool: ' Bash ', input: 'rm -rf *', reason: '  no  ' });
      expect(rule).toMatchObject({ action: 'deny', tool: 'Bash', input: 'rm -rf *', cwd: null, scope: 'global', provider: null, session: null, priority: 0, reason: 'no' });
      expect(rule.id).toMatch(/^[0-9a-f]{8}$/);
      expect(engine.list()).toEqual([rule]);
    });

    it.each<[string, NewRuleRequest, string]>([
      ['an unbalanced tool glob', { action: 'allow', tool: 'Bash[' }, 'the tool pattern "Bash[" is not a valid glob'],
      ['an unclosed command class', { action: 'allow', tool: 'Bash', input: 'ls [a' }, 'unclosed "["'],
      ['an unbalanced path glob', { action: 'allow', tool: 'Read', input: 'src/{a' }, 'the input pattern'],
      ['an input for an MCP tool', { action: 'allow', tool: 'mcp__github__*', input: 'x' }, 'drop the input pattern'],
      ['a relative cwd', { action: 'allow', tool: 'Bash', cwd: 'src/**' }, 'must be absolute'],
      ['an empty input', { action: 'allow', tool: 'Bash', input: '  ' }, 'cannot be empty'],
      ['a provider and a session', { action: 'allow', tool: 'Bash', provider: 'claude', sessionId: 'a1b2c3d4' }, 'not both'],
      ['a priority out of range', { action: 'allow', tool: 'Bash', priority: 1001 }, 'priority'],
      ['an unknown action', { action: 'maybe' as 'allow', tool: 'Bash' }, 'allow, deny or ask'],
    ])('refuses %s with bad_request', (_name, request, message) => {
      expect(() => add(request)).toThrow(expect.objectContaining({ code: 'bad_request', message: expect.stringContaining(message) }));
      expect(engine.list()).toEqual([]);
    });

    it('refuses a rule for an unknown session with not_found', () => {
      expect(() => add({ action: 'allow', tool: 'Bash', sessionId: 'ffffffff' })).toThrow(expect.objectContaining({ code: 'not_found' }));
    });

    it('audits an added rule when told who asked', () => {
      const rule = engine.add({ action: 'allow', tool: 'Read' }, { actor: 'owner', ip: '10.0.0.2' });
      expect(new AuditRepository(database).list({ type: 'policy.rule-added' })).toEqual([
        expect.objectContaining({ actor: 'owner', ip: '10.0.0.2', detail: rule }),
      ]);
    });
  });

  describe('remove', () => {
    it('removes by id or unique prefix, and audits it', () => {
      const rule = add({ action: 'allow', tool: 'Read' });
      expect(engine.remove(rule.id.slice(0, 3), { actor: 'local-cli' })).toEqual(rule);
      expect(engine.list()).toEqual([]);
      expect(actionFor('Read', { file_path: '/x' })).toBe('ask');
      expect(new AuditRepository(database).list({ type: 'policy.rule-removed' })).toEqual([expect.objectContaining({ actor: 'local-cli', detail: rule })]);
    });

    it('refuses an unknown id with not_found and an ambiguous prefix with ambiguous', () => {
      expect(() => engine.remove('deadbeef')).toThrow(expect.objectContaining({ code: 'not_found', message: 'no policy rule matches "deadbeef"' }));
      for (let i = 0; i < 40; i++) add({ action: 'allow', tool: 'Read' });
      const ids = engine.list().map((r) => r.id);
      const shared = ids.find((id, i) => ids.some((other, j) => i !== j && other[0] === id[0]))!;
      expect(() => engine.remove(shared[0]!)).toThrow(expect.objectContaining({ code: 'ambiguous' }));
    });
  });
});
