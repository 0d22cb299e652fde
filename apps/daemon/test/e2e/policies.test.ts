import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyRuleSchema, PolicyVerdictSchema, type AuditEntry, type PolicyRule, type Session } from '@codepiper/protocol';
import { DaemonSet } from './support/daemon-set.js';
import type { DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { bearer, createToken, web } from './support/owner.js';

describe('policy routes', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let workDir: string;

  beforeAll(async () => {
    ({ daemon } = await daemons.startOwned());
    workDir = await mkdtemp(join(tmpdir(), 'codepiper-policy-cwd-'));
  });

  afterAll(async () => {
    await daemons.destroyAll();
    await rm(workDir, { recursive: true, force: true });
  });

  const rules = async () => (await http(daemon, 'GET', '/api/policies')).json<PolicyRule[]>();

  it('adds, lists, tests and removes a rule', async () => {
    const added = await http(daemon, 'POST', '/api/policies', { action: 'deny', tool: 'Bash', input: 'rm -rf *', reason: 'no wiping' });
    expect(added.status).toBe(201);
    const rule = PolicyRuleSchema.parse(added.json());
    expect(rule).toMatchObject({ action: 'deny', tool: 'Bash', input: 'rm -rf *', scope: 'global', priority: 0, reason: 'no wiping' });
    expect(await rules()).toEqual([rule]);

    const tested = await http(daemon, 'POST', '/api/policies/test', { tool: 'Bash', input: 'rm -rf /tmp/x' });
    expect(tested.status).toBe(200);
    expect(PolicyVerdictSchema.parse(tested.json())).toEqual({
      action: 'deny',
      rule,
      explanation: `rule ${rule.id} (deny Bash "rm -rf *", global, priority 0) matched the command "rm -rf /tmp/x"`,
    });
    const other = (await http(daemon, 'POST', '/api/policies/test', { tool: 'Bash', input: 'ls' })).json();
    expect(other).toEqual({ action: 'ask', rule: null, explanation: 'no rule matched Bash "ls": ask' });

    const removed = await http(daemon, 'DELETE', `/api/policies/${rule.id.slice(0, 4)}`);
    expect(removed.status).toBe(204);
    expect(await rules()).toEqual([]);
    const again = await http(daemon, 'DELETE', `/api/policies/${rule.id}`);
    expect(again.status).toBe(404);
    expect(again.json()).toEqual({ error: { code: 'not_found', message: `no policy rule matches "${rule.id}"` } });
  });

  it('audits added and removed rules with who did it', async () => {
    const rule = (await http(daemon, 'POST', '/api/policies', { action: 'allow', tool: 'Read' })).json<PolicyRule>();
    await http(daemon, 'DELETE', `/api/policies/${rule.id}`);
    for (const type of ['policy.rule-added', 'policy.rule-removed']) {
      const entries = (await http(daemon, 'GET', `/api/audit?type=${type}`)).json<AuditEntry[]>();
      expect(entries[0], type).toMatchObject({ type, actor: 'local-cli', detail: rule });
    }
  });

  it("scopes a rule to a session by name and tests with that session's cwd", async () => {
    const session = (await http(daemon, 'POST', '/api/sessions', { name: 'policy-target', command: ['sh'], cwd: workDir })).json<Session>();
    const added = await http(daemon, 'POST', '/api/policies', { action: 'allow', tool: 'Edit', input: 'src/**', session: 'policy-target' });
    expect(added.status).toBe(201);
    const rule = added.json<PolicyRule>();
    expect(rule).toMatchObject({ scope: 'session', session: session.id, provider: null });

    const inside = (await http(daemon, 'POST', '/api/policies/test', { tool: 'Edit', input: `${workDir}/src/a.ts`, session: session.id.slice(0, 6) })).json();
    expect(inside).toMatchObject({ action: 'allow', rule: { id: rule.id } });
    const relative = (await http(daemon, 'POST', '/api/policies/test', { tool: 'Edit', input: 'src/../../x', session: 'policy-target' })).json();
    expect(relative).toMatchObject({ action: 'ask', rule: null });
    const sessionless = (await http(daemon, 'POST', '/api/policies/test', { tool: 'Edit', input: `${workDir}/src/a.ts`, cwd: workDir })).json();
    expect(sessionless).toMatchObject({ action: 'ask', rule: null });

    await http(daemon, 'POST', `/api/sessions/${session.id}/kill`, {});
    await http(daemon, 'DELETE', `/api/sessions/${session.id}?force=true`);
    expect((await rules()).map((r) => r.id)).not.toContain(rule.id);
  });

  it.each<[string, string, unknown, number, string]>([
    ['an unknown action', '/api/policies', { action: 'maybe', tool: 'Bash' }, 400, 'invalid body: action: an action is allow, deny or ask'],
    ['an uncompilable tool glob', '/api/policies', { action: 'allow', tool: 'Bash[' }, 400, 'the tool pattern "Bash[" is not a valid glob'],
    ['an unclosed command class', '/api/policies', { action: 'deny', tool: 'Bash', input: 'rm [x' }, 400, 'unclosed "["'],
    ['both a provider and a session', '/api/policies', { action: 'allow', tool: 'Bash', provider: 'claude', session: 'x' }, 400, 'not both'],
    ['an unknown provider', '/api/policies', { action: 'allow', tool: 'Bash', provider: 'gpt' }, 400, 'provider: a provider is one of shell, claude, codex'],
    ['a fractional priority', '/api/policies', { action: 'allow', tool: 'Bash', priority: 1.5 }, 400, 'priority is a whole number'],
    ['an unknown field', '/api/policies', { action: 'allow', tool: 'Bash', scope: 'global' }, 400, 'invalid body'],
    ['an unknown session', '/api/policies', { action: 'allow', tool: 'Bash', session: 'no-such-session' }, 404, 'no session matches "no-such-session"'],
    ['a test without a tool', '/api/policies/test', { input: 'ls' }, 400, 'invalid body: tool'],
    ['a test with a relative cwd', '/api/policies/test', { tool: 'Bash', input: 'ls', cwd: 'src' }, 400, 'cwd must be an absolute path'],
    ['a test with a session and a cwd', '/api/policies/test', { tool: 'Bash', session: 'x', cwd: '/tmp' }, 400, 'either session, or provider and cwd'],
  ])('refuses %s clearly', async (_name, path, body, status, message) => {
    const answer = await http(daemon, 'POST', path, body);
    expect(answer.status).toBe(status);
    expect(answer.json<{ error: { message: string } }>().error.message).toContain(message);
  });

  it('lets a read-only token list and test rules, but not add or remove them', async () => {
    const rule = (await http(daemon, 'POST', '/api/policies', { action: 'allow', tool: 'WebFetch', input: '*.github.com' })).json<PolicyRule>();
    const { token } = await createToken(daemon, 'policy-viewer', true);
    const listed = await http(web(daemon), 'GET', '/api/policies', undefined, bearer(token));
    expect(listed.status).toBe(200);
    expect(listed.json<PolicyRule[]>().map((r) => r.id)).toContain(rule.id);
    const tested = await http(web(daemon), 'POST', '/api/policies/test', { tool: 'WebFetch', input: 'https://docs.github.com/x' }, bearer(token));
    expect(tested.status).toBe(200);
    expect(tested.json()).toMatchObject({ action: 'allow', rule: { id: rule.id } });

    const add = await http(web(daemon), 'POST', '/api/policies', { action: 'allow', tool: 'Bash' }, bearer(token));
    expect(add.status).toBe(403);
    expect(add.json()).toMatchObject({ error: { code: 'forbidden' } });
    const remove = await http(web(daemon), 'DELETE', `/api/policies/${rule.id}`, undefined, bearer(token));
    expect(remove.status).toBe(403);
    expect((await rules()).map((r) => r.id)).toContain(rule.id);
  });

  it('records a full-access token as the actor', async () => {
    const { id, token } = await createToken(daemon, 'policy-admin');
    const added = await http(web(daemon), 'POST', '/api/policies', { action: 'ask', tool: 'Write', cwd: '/srv/**' }, bearer(token));
    expect(added.status).toBe(201);
    const entries = (await http(daemon, 'GET', '/api/audit?type=policy.rule-added')).json<AuditEntry[]>();
    expect(entries[0]).toMatchObject({ actor: `token:${id}`, ip: '127.0.0.1', detail: added.json() });
  });
});
