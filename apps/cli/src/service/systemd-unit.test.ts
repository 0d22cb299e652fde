import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSystemdUnit, systemdQuote, SYSTEMD_UNIT_NAME } from './systemd-unit.js';

/** The CLI's own entry: systemd-analyze checks that ExecStart's program exists. */
const CLI_BIN = fileURLToPath(new URL('../bin.ts', import.meta.url));

const spec = {
  nodePath: process.execPath,
  cliPath: CLI_BIN,
  args: ['daemon', '--web', '--port', '3100', '--public-host', 'cp.example.com', '--push-subject', 'mailto:me@example.com'],
  home: '/home/me/my codepiper',
  path: '/home/me/.local/bin:/usr/bin:/bin',
};

/** `[Section]` → key → values (a key may repeat, e.g. Environment=). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const [key, ...rest] = line.split('=');
    const list = current!.get(key!) ?? [];
    list.push(rest.join('='));
    current!.set(key!, list);
  }
  return sections;
}

function unquoteWords(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1').replace(/%%/g, '%').replace(/\$\$/g, '$'));
}

describe('renderSystemdUnit', () => {
  const text = renderSystemdUnit(spec);
  const unit = parseUnit(text);
  const service = unit.get('Service')!;

  it('runs this Node and this CLI by absolute path with "daemon --web" and the given flags', () => {
    const words = unquoteWords(service.get('ExecStart')![0]!);
    expect(words).toEqual([process.execPath, CLI_BIN, ...spec.args]);
    expect(existsSync(words[0]!) && existsSync(words[1]!)).toBe(true);
  });

  it('sets CODEPIPER_HOME and PATH, restarts on failure, stops only the daemon, hardens without breaking sessions, logs to the journal', () => {
    expect(service.get('Environment')!.map((e) => unquoteWords(e)[0])).toEqual([`CODEPIPER_HOME=${spec.home}`, `PATH=${spec.path}`]);
    expect(service.get('Restart')).toEqual(['on-failure']);
    expect(service.get('KillMode')).toEqual(['process']);
    expect(service.get('NoNewPrivileges')).toEqual(['true']);
    expect(service.get('PrivateTmp')).toEqual(['false']);
    expect(service.get('StandardOutput')).toEqual(['journal']);
    expect(service.get('StandardError')).toEqual(['journal']);
    expect(unit.get('Install')!.get('WantedBy')).toEqual(['default.target']);
    // Each choice is explained in the file for the owner who opens it.
    expect(text).toMatch(/# .*KillMode=control-group systemd would kill it and all sessions/);
    expect(text).toMatch(/# .*"sudo" does not work inside sessions/);
    expect(text).toMatch(/# .*sessions share the real \/tmp/);
  });

  it('quotes words so systemd expands neither specifiers nor variables', () => {
    expect(systemdQuote('50% of $HOME "x" \\')).toBe('"50%% of $$HOME \\"x\\" \\\\"');
  });
});

describe('renderSystemdUnit under systemd-analyze', () => {
  const analyze = spawnSync('systemd-analyze', ['--version']);
  const present = (analyze.error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-unit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`passes "systemd-analyze --user verify" with no warning${present ? '' : ' (systemd-analyze is absent here: only that assertion is skipped)'}`, () => {
    const unitDir = join(dir, 'systemd', 'user');
    mkdirSync(unitDir, { recursive: true });
    const file = join(unitDir, SYSTEMD_UNIT_NAME);
    writeFileSync(file, renderSystemdUnit(spec));
    expect(parseUnit(renderSystemdUnit(spec)).get('Service')!.get('ExecStart')).toHaveLength(1);
    if (!present) return;
    // A user manager needs a runtime directory; a private one lets verify run where no user session exists.
    const runtime = join(dir, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    const verify = spawnSync('systemd-analyze', ['--user', 'verify', file], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime, XDG_CONFIG_HOME: dir } });
    expect(verify.status, verify.stderr).toBe(0);
    // verify only warns (exit 0) about unknown keys or values: any output is a defect of the unit.
    expect(verify.stderr.trim()).toBe('');
  });
});
