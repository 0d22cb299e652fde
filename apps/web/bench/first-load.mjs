// Dashboard first-load bench: builds nothing (run after `pnpm build`), starts a real daemon serving the
// built dashboard, and measures in Debian's Chromium:
//   * the JavaScript the sessions page loads (bytes as served and gzip-compressed), and whether any
//     terminal code (xterm.js) is among it;
//   * the time from opening a session's page to its current screen painted (cold: first visit of a
//     fresh browser profile; warm: later visits, median).
// Prints one JSON object. Numbers are reported, never asserted. BENCH_QUICK=1 runs fewer warm visits.
//
//   node apps/web/bench/first-load.mjs
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { currentTotp } from '@codepiper/core';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DAEMON_MAIN = join(REPO, 'apps/daemon/dist/main.js');
const CLI_BIN = join(REPO, 'apps/cli/dist/bin.cjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const PASSWORD = 'bench passphrase, long enough';
const run = promisify(execFile);

/** Runs the whole measurement against its own temporary daemon and returns the numbers. */
export async function firstLoad({ warmVisits = process.env.BENCH_QUICK === '1' ? 2 : 7 } = {}) {
  const home = await mkdtemp(join(tmpdir(), 'codepiper-web-bench-'));
  const daemon = await startDaemon(home);
  let browser;
  try {
    const cookie = await setUpOwner(daemon);
    const sessionId = (await cli(home, 'start', '--name', 'bench', '--', 'sh', '-c', 'seq 1 3000; echo first-load-marker; exec sh')).trim();
    await cli(home, 'logs', sessionId); // the session has run its first command before anyone looks
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });

    const javascript = await sessionsPageJavascript(browser, daemon.origin, cookie);
    const cold = await timeToScreen(browser, daemon.origin, cookie, sessionId, 1);
    const warm = await timeToScreen(browser, daemon.origin, cookie, sessionId, warmVisits);
    return {
      sessionsPage: javascript,
      timeToScreen: { coldMs: cold[0], warmMedianMs: median(warm), warmVisits, warmMs: warm },
    };
  } finally {
    await browser?.close();
    await daemon.stop();
    await killPtyHost(home);
    await rm(home, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Every JavaScript response the sessions page loads in a fresh profile, sized raw and gzip-compressed. */
async function sessionsPageJavascript(browser, origin, cookie) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  try {
    await context.addCookies([{ ...cookie, url: origin }]);
    const page = await context.newPage();
    const files = [];
    const pending = [];
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (!type.includes('javascript')) return;
      pending.push(
        response.body().then((body) => {
          files.push({ path: new URL(response.url()).pathname, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length, xterm: body.includes('xterm-helper-textarea') });
        }),
      );
    });
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.getByRole('listitem').first().waitFor();
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    files.sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      jsFiles: files.length,
      jsBytes: sum(files.map((f) => f.bytes)),
      jsGzipBytes: sum(files.map((f) => f.gzipBytes)),
      terminalCodeLoaded: files.some((f) => f.xterm),
      files,
    };
  } finally {
    await context.close();
  }
}

/** Opens the session page `visits` times in one profile; each time, milliseconds until its screen shows. */
async function timeToScreen(browser, origin, cookie, sessionId, visits) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const times = [];
  try {
    await context.addCookies([{ ...cookie, url: origin }]);
    const page = await context.newPage();
    for (let i = 0; i < visits; i++) {
      if (i > 0) await page.goto('about:blank');
      const started = Date.now();
      await page.goto(`${origin}/sessions/${sessionId}`);
      await page.waitForFunction(() => /first-load-marker/.test(globalThis.codepiperTerminal?.text() ?? ''), undefined, { timeout: 30_000, polling: 'raf' });
      times.push(Date.now() - started);
    }
  } finally {
    await context.close();
  }
  return times;
}

/** Sets up the owner through the browser's setup flow (setup code, password, TOTP); returns the login cookie. */
export async function setUpOwner(daemon) {
  const post = (path, body) =>
    globalThis.fetch(`${daemon.origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const begin = await post('/api/auth/setup', { setupCode: daemon.setupCode, password: PASSWORD });
  if (!begin.ok) throw new Error(`setup failed: ${begin.status} ${await begin.text()}`);
  const { secret } = await begin.json();
  const confirm = await post('/api/auth/setup/confirm', { setupCode: daemon.setupCode, totp: currentTotp(secret) });
  if (!confirm.ok) throw new Error(`setup confirm failed: ${confirm.status} ${await confirm.text()}`);
  const [pair] = (confirm.headers.get('set-cookie') ?? '').split(';');
  const [name, value] = pair.split('=');
  return { name, value };
}

async function startDaemon(home) {
  const child = spawn(process.execPath, [DAEMON_MAIN, '--home', home, '--web', '--port', '0', '--ws-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.startsWith('codepiper daemon ready:'));
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code}: ${stderr}`)));
  });
  const port = Number(/web http:\/\/[^ ]+:(\d+)/.exec(ready)[1]);
  return {
    origin: `http://127.0.0.1:${port}`,
    setupCode: /setup code (\S+?),? or run/.exec(stdout)?.[1],
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function killPtyHost(home) {
  const pid = Number((await readFile(join(home, 'ptyhost.pid'), 'utf8').catch(() => '')).trim());
  if (!(pid > 0)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  // Not our child, so no exit event: wait until the pid is gone, or its last writes into the home
  // race the removal of the home (ENOTEMPTY).
  for (let waited = 0; waited < 5_000; waited += 20) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function cli(home, ...args) {
  const { stdout } = await run(process.execPath, [CLI_BIN, '--home', home, ...args]);
  return stdout;
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await firstLoad();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
