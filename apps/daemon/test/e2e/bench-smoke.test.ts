import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../../../../bench/run.mjs', import.meta.url));
/** The smoke run takes about a minute here; this bounds a hang, not the speed. */
const SMOKE_TIMEOUT_MS = 170_000;

const FIGURES = ['throughput', 'echo', 'stalled', 'attach', 'cli', 'scale', 'browser', 'dashboard', 'ingest'] as const;

/** A measurement: a finite number (speed is never checked, only that something was measured). */
const measured = expect.any(Number);

describe('pnpm bench (smoke, as CI runs it)', () => {
  let dir: string;
  let results: Record<string, any>;
  let output = '';
  let exitCode: number | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codepiper-bench-smoke-'));
    const child = spawn(process.execPath, [RUN], {
      env: { ...process.env, BENCH_QUICK: '1', BENCH_PEERS: '0', BENCH_OUT: join(dir, 'latest.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    exitCode = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGTERM'), SMOKE_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    results = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'));
  }, SMOKE_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('completes and prints the table', () => {
    expect(exitCode, output).toBe(0);
    expect(output).toContain('| figure | baseline (same run) | CodePiper |');
  });

  it('writes the machine, the settings and every figure, each measured or with the reason it could not be', () => {
    expect(results).toMatchObject({ quick: true, peers: false, machine: { nproc: measured, memoryGiB: measured, node: process.version } });
    for (const figure of FIGURES) {
      expect(results[figure], figure).toBeTypeOf('object');
      if ('error' in results[figure]) expect(results[figure].error, figure).toBeTypeOf('string');
    }
  });

  it('measures CodePiper against its baselines in the same run', () => {
    expect(results.throughput).toMatchObject({ baseline: { MBps: measured }, codepiper: { oneClient: { MBps: measured, ratio: measured }, tenClients: { MBps: measured } } });
    expect(results.echo).toMatchObject({ baseline: { idle: { p50: measured }, busy: { p50: measured } }, codepiper: { idle: { p50: measured, p99: measured }, busy: { p99: measured } } });
    expect(results.stalled).toMatchObject({ aloneMBps: measured, withStalledMBps: measured, memoryGrowthBytes: measured });
    expect(results.scale).toMatchObject({ idle: { codepiper: { cpuPercent: measured } }, many: { rssBytes: measured, createP50Ms: measured, sessionsJsonMs: measured } });
    expect(results.attach).toMatchObject({ smallHistoryMs: measured, largeHistoryMs: measured });
    expect(results.cli).toMatchObject({ nodeMs: measured, cliMs: measured, ratio: measured });
    for (const value of [results.throughput.codepiper.oneClient.MBps, results.echo.codepiper.idle.p50, results.cli.ratio]) {
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
  });
});
