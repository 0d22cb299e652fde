import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHD_LABEL, newsyslogLine, renderLaunchdPlist } from './launchd-plist.js';
import { parsePlist } from './test-support/parse-plist.js';

const spec = {
  nodePath: '/opt/node & co/bin/node',
  cliPath: '/opt/lib/node_modules/@codepiper/cli/dist/bin.cjs',
  args: ['daemon', '--web', '--public-host', 'a<b>.example.com'],
  home: '/Users/me/.codepiper',
  path: '/opt/homebrew/bin:/usr/bin:/bin',
  logFile: '/Users/me/.codepiper/logs/daemon.log',
};

describe('renderLaunchdPlist', () => {
  it('is a well-formed property list with the daemon command, environment, restart and log settings', () => {
    const plist = parsePlist(renderLaunchdPlist(spec)) as Record<string, unknown>;
    expect(plist).toEqual({
      Label: LAUNCHD_LABEL,
      ProgramArguments: [spec.nodePath, spec.cliPath, ...spec.args],
      EnvironmentVariables: { CODEPIPER_HOME: spec.home, PATH: spec.path },
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      AbandonProcessGroup: true,
      ProcessType: 'Standard',
      Umask: 0o077,
      StandardOutPath: spec.logFile,
      StandardErrorPath: spec.logFile,
    });
  });

  it('passes plutil -lint where plutil exists (macOS)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-plist-'));
    try {
      const file = join(dir, `${LAUNCHD_LABEL}.plist`);
      writeFileSync(file, renderLaunchdPlist(spec));
      const lint = spawnSync('plutil', ['-lint', file], { encoding: 'utf8' });
      // Elsewhere the strict reader above is the check; ENOENT is the only reason to skip plutil.
      if ((lint.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') expect(parsePlist(renderLaunchdPlist(spec))).toBeTruthy();
      else expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parsePlist', () => {
  it('refuses unbalanced tags, a key without a value and raw ampersands', () => {
    expect(() => parsePlist('<plist version="1.0"><dict><key>a</key></dict></plist>')).toThrow();
    expect(() => parsePlist('<plist version="1.0"><array><string>x</array></plist>')).toThrow();
    expect(() => parsePlist('<plist version="1.0"><string>a & b</string></plist>')).toThrow(/unescaped/);
  });
});

describe('newsyslogLine', () => {
  it('rotates the log at 10 MB keeping five, without signalling anyone', () => {
    expect(newsyslogLine('/Users/me/.codepiper/logs/daemon.log', 'me')).toBe('/Users/me/.codepiper/logs/daemon.log\tme:staff\t600\t5\t10240\t*\tN');
  });
});
