import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CLI_ROOT } from './paths.js';

/** A key of the documented shape; the mock accepts anything, the binary only checks the prefix. */
export const MOCK_API_KEY = 'sk-ant-api03-codepiper-e2e-mock-key-0123456789abcdefghij';

export interface ClaudeBinary {
  /** The native executable the npm package ships (bin/claude.exe), or undefined when not installed. */
  path: string | undefined;
  /** `--version` output, e.g. `2.1.331 (Claude Code)`. */
  version: string | undefined;
  runnable: boolean;
  /** Why it cannot run, for the skip message. */
  reason: string | undefined;
}

/** The Claude Code binary installed as apps/cli's devDependency, and whether it runs here. */
export function claudeBinary(): ClaudeBinary {
  let path: string;
  try {
    const require = createRequire(join(CLI_ROOT, 'package.json'));
    const manifest = require.resolve('@anthropic-ai/claude-code/package.json');
    const bin = (require(manifest) as { bin: Record<string, string> }).bin.claude;
    if (!bin) throw new Error('the package declares no claude bin');
    path = join(dirname(manifest), bin);
  } catch (error) {
    return { path: undefined, version: undefined, runnable: false, reason: `@anthropic-ai/claude-code is not installed: ${(error as Error).message}` };
  }
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DISABLE_AUTOUPDATER: '1' } });
  const version = result.stdout?.trim();
  if (result.status !== 0 || !version) {
    const why = result.error?.message ?? `exit ${String(result.status)}: ${result.stderr?.trim() ?? ''}`;
    return { path, version: undefined, runnable: false, reason: `${path} --version failed (${why})` };
  }
  return { path, version, runnable: true, reason: undefined };
}

export interface ClaudeHome {
  /** The HOME to launch with; `.claude.json` is here and transcripts go to `<home>/.claude/projects/`. */
  home: string;
  /** The environment to launch the binary with: offline, against the mock, no updater or telemetry. */
  env: Record<string, string>;
  /** Where the binary writes the transcript of a session started in `cwd` with `--session-id <id>`. */
  transcriptPath(sessionId: string): string;
}

export interface ClaudeHomeOptions {
  /** An empty directory to use as HOME (the caller owns and removes it). */
  home: string;
  /** The working directory the binary will run in; it is marked trusted. */
  cwd: string;
  /** The mock's URL, for ANTHROPIC_BASE_URL. */
  baseUrl: string;
  apiKey?: string;
}

/** The project folder name the binary derives from a cwd: every character but letters and digits becomes `-`. */
export function projectDirName(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

/**
 * Seeds a HOME so the interactive binary starts straight at its prompt with no network: onboarding done,
 * the custom API key approved (it is identified by its last 20 characters), the cwd trusted.
 */
export function prepareClaudeHome(options: ClaudeHomeOptions): ClaudeHome {
  const apiKey = options.apiKey ?? MOCK_API_KEY;
  const cwd = realpathSync(options.cwd);
  const config = {
    hasCompletedOnboarding: true,
    customApiKeyResponses: { approved: [apiKey.slice(-20)], rejected: [] },
    projects: { [cwd]: { hasTrustDialogAccepted: true } },
  };
  writeFileSync(join(options.home, '.claude.json'), `${JSON.stringify(config, null, 2)}\n`);
  mkdirSync(join(options.home, '.claude'), { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home,
    TERM: 'xterm-256color',
    LANG: process.env.LANG ?? 'C.UTF-8',
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_API_KEY: apiKey,
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
    // A failed request is retried once: enough for a blip, short when the mock is down.
    CLAUDE_CODE_MAX_RETRIES: '1',
  };
  return {
    home: options.home,
    env,
    transcriptPath: (sessionId) => join(options.home, '.claude', 'projects', projectDirName(cwd), `${sessionId}.jsonl`),
  };
}
