import type { PolicyRule, PolicyVerdict } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, stderrLines, type CliResult } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

function expectOneLineFailure(result: CliResult, exitCode: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stdout).toBe('');
}

describe('codepiper policy', () => {
  let home: string;
  let workDir: string;
  let daemon: DaemonProcess;
  const cli = (args: string[]) => runCli(args, { home, cwd: workDir });
  const json = <T>(args: string[]) => runCliJson<T>(args, { home, cwd: workDir });

  beforeAll(async () => {
    home = makeTempDir();
    workDir = makeTempDir('cp-policy-work-');
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(workDir);
  });

  it('lists no rules at first', async () => {
    expect(await json<PolicyRule[]>(['policy', 'list', '--json'])).toEqual([]);
    expect((await cli(['policy', 'list'])).stdout).toBe('no policy rules: every tool call is asked (add one with "codepiper policy add allow --tool Read")\n');
  });

  it('adds rules, lists them in evaluation order, tests calls and removes a rule', async () => {
    const allow = await json<PolicyRule>(['policy', 'add', 'allow', '--tool', 'Bash', '--input', 'git', '--reason', 'read-only git', '--json']);
    expect(allow).toMatchObject({ action: 'allow', tool: 'Bash', input: 'git', scope: 'global', priority: 0, reason: 'read-only git' });

    const added = await cli(['policy', 'add', 'deny', '--tool', 'Bash', '--input', 'git push', '--priority', '10', '--provider', 'claude']);
    expect(added.code, added.stderr).toBe(0);
    const lines = added.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+ACTION\s+TOOL\s+INPUT\s+CWD\s+SCOPE\s+PRIORITY\s+REASON$/);
    expect(lines[1]).toMatch(/^[0-9a-f]{8}\s+deny\s+Bash\s+git push\s+\*\s+provider claude\s+10\s+-$/);
    const denyId = lines[1]!.split(/\s+/)[0]!;

    const negative = await json<PolicyRule>(['policy', 'add', 'ask', '--tool', 'mcp__*', '--priority', '-5', '--json']);
    expect(negative.priority).toBe(-5);

    expect((await json<PolicyRule[]>(['policy', 'list', '--json'])).map((r) => r.id)).toEqual([denyId, allow.id, negative.id]);
    const table = (await cli(['policy', 'ls'])).stdout;
    expect(table.split('\n')[1]).toContain(denyId);

    const verdict = await json<PolicyVerdict>(['policy', 'test', '--tool', 'Bash', '--input', 'git status --short', '--json']);
    expect(verdict).toMatchObject({ action: 'allow', rule: { id: allow.id } });
    const human = await cli(['policy', 'test', '--tool', 'Bash', '--input', 'git push origin main']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(`deny\nrule ${denyId} (deny Bash "git push", provider claude, priority 10) matched the command "git push origin main"\n`);
    const codex = await json<PolicyVerdict>(['policy', 'test', '--tool', 'Bash', '--input', 'git push', '--provider', 'codex', '--json']);
    expect(codex).toMatchObject({ action: 'allow', rule: { id: allow.id } });
    const chained = await cli(['policy', 'test', '--tool', 'Bash', '--input', 'git status; rm -rf ~']);
    expect(chained.stdout).toMatch(/^ask\nno rule matched Bash "git status; rm -rf ~": ask \(rule [0-9a-f]{8} allows "git" only as a single command/);

    const removed = await cli(['policy', 'rm', denyId.slice(0, 5)]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`removed policy rule ${denyId.slice(0, 5)}\n`);
    expect((await json<PolicyRule[]>(['policy', 'list', '--json'])).map((r) => r.id)).toEqual([allow.id, negative.id]);
  });

  it('resolves file paths against the current directory, or a session by name', async () => {
    await json<PolicyRule>(['policy', 'add', 'allow', '--tool', 'Edit', '--input', 'src/**', '--json']);
    expect((await json<PolicyVerdict>(['policy', 'test', '--tool', 'Edit', '--input', `${workDir}/src/a.ts`, '--json'])).action).toBe('allow');
    expect((await json<PolicyVerdict>(['policy', 'test', '--tool', 'Edit', '--input', 'src/../../a.ts', '--json'])).action).toBe('ask');

    const started = await cli(['start', '--name', 'agent-x', '--', 'sleep', '300']);
    expect(started.code, started.stderr).toBe(0);
    const sessionId = started.stdout.trim();
    const scoped = await json<PolicyRule>(['policy', 'add', 'deny', '--tool', 'Read', '--session', 'agent-x', '--json']);
    expect(scoped).toMatchObject({ scope: 'session', session: sessionId });
    expect((await json<PolicyVerdict>(['policy', 'test', '--tool', 'Read', '--input', 'x', '--session', 'agent-x', '--json'])).action).toBe('deny');
    expect((await json<PolicyVerdict>(['policy', 'test', '--tool', 'Read', '--input', 'x', '--json'])).action).toBe('ask');
    expect((await cli(['kill', sessionId])).code).toBe(0);
  });

  it('fails with exit 1 and one line when the daemon refuses', async () => {
    expectOneLineFailure(await cli(['policy', 'rm', 'ffffffff']), 1, /^codepiper: no policy rule matches "ffffffff" \(list rules with "codepiper policy list"\)$/m);
    expectOneLineFailure(await cli(['policy', 'add', 'allow', '--tool', 'Bash[']), 1, /^codepiper: the tool pattern "Bash\[" is not a valid glob/);
    expectOneLineFailure(await cli(['policy', 'add', 'allow', '--tool', 'Bash', '--session', 'nobody']), 1, /^codepiper: no session matches "nobody"/);
    expectOneLineFailure(await cli(['policy', 'test', '--tool', 'Bash', '--input', 'ls', '--session', 'nobody']), 1, /^codepiper: no session matches "nobody"/);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown action', ['policy', 'add', 'maybe', '--tool', 'Bash'], /^codepiper: the action must be allow, deny or ask, got "maybe" \(run "codepiper policy add --help" for usage\)$/m],
    ['a missing --tool', ['policy', 'add', 'allow'], /Missing required argument: tool/],
    ['a non-numeric priority', ['policy', 'add', 'allow', '--tool', 'Bash', '--priority', 'high'], /--priority must be a whole number, got "high"/],
    ['a priority out of range', ['policy', 'add', 'allow', '--tool', 'Bash', '--priority', '5000'], /--priority must be between -1000 and 1000/],
    ['an unknown provider', ['policy', 'add', 'allow', '--tool', 'Bash', '--provider', 'gpt'], /--provider must be shell, claude or codex, got "gpt"/],
    ['a provider and a session', ['policy', 'add', 'allow', '--tool', 'Bash', '--provider', 'claude', '--session', 'x'], /mutually exclusive/],
    ['an empty input', ['policy', 'add', 'allow', '--tool', 'Bash', '--input', ''], /--input: a pattern cannot be empty/],
    ['a test without --input', ['policy', 'test', '--tool', 'Bash'], /Missing required argument: input/],
    ['a test with a session and a cwd', ['policy', 'test', '--tool', 'Bash', '--input', 'ls', '--session', 'x', '--cwd', '/tmp'], /mutually exclusive/],
    ['rm without an id', ['policy', 'rm'], /Not enough non-option arguments/],
    ['an unknown subcommand', ['policy', 'frob'], /^codepiper: unknown policy command "frob"/],
  ])('refuses %s with exit 2 and one line', async (_name, args, pattern) => {
    expectOneLineFailure(await cli(args), 2, pattern);
  });
});
