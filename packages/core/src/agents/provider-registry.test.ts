import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVersion, ProviderRegistry } from './provider-registry.js';

let bin: string;

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'cp-providers-'));
});

afterEach(() => {
  rmSync(bin, { recursive: true, force: true });
});

function fakeBinary(name: string, versionLine: string): string {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\necho '${versionLine}'\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('ProviderRegistry', () => {
  it('finds a binary on PATH and reports the version it prints', async () => {
    const path = fakeBinary('claude', '2.1.331 (Claude Code)');
    const registry = new ProviderRegistry({ env: { PATH: bin, HOME: bin } });
    const providers = await registry.list();
    expect(providers.map((p) => p.name)).toEqual(['shell', 'claude', 'codex']);
    const claude = providers.find((p) => p.name === 'claude');
    expect(claude).toMatchObject({ binary: 'claude', found: { path, version: '2.1.331' }, capabilities: { hooks: true, approvals: true } });
    expect(providers.find((p) => p.name === 'codex')).toMatchObject({ found: null, capabilities: { hooks: true, approvals: false } });
    expect(providers.find((p) => p.name === 'shell')).toMatchObject({ binary: null, found: null, capabilities: { hooks: false } });
  });

  it('runs --version once per binary until asked to refresh', async () => {
    fakeBinary('codex', 'codex-cli 0.169.0');
    let runs = 0;
    const registry = new ProviderRegistry({ env: { PATH: bin }, readVersion: async () => `0.${++runs}.0` });
    expect((await registry.find('codex'))?.version).toBe('0.1.0');
    expect((await registry.find('codex'))?.version).toBe('0.1.0');
    await registry.list({ refresh: true });
    expect((await registry.find('codex'))?.version).toBe('0.2.0');
  });

  it('finds a binary installed after the first look', async () => {
    const registry = new ProviderRegistry({ env: { PATH: bin } });
    expect(await registry.find('claude')).toBeNull();
    fakeBinary('claude', '2.1.331 (Claude Code)');
    expect((await registry.find('claude'))?.version).toBe('2.1.331');
  });
});

describe('parseVersion', () => {
  it('takes the version number out of what binaries print', () => {
    expect(parseVersion('2.1.331 (Claude Code)\n')).toBe('2.1.331');
    expect(parseVersion('codex-cli 0.169.0')).toBe('0.169.0');
    expect(parseVersion('nightly build')).toBe('nightly build');
    expect(parseVersion('\n')).toBeNull();
  });
});
