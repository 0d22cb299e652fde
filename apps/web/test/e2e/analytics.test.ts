import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, SessionRepository } from '@codepiper/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, startDaemon, type Daemon } from './support/daemon';
import { collectErrors, launchChromium, layoutProblems, PHONE, type Browser, type BrowserContext, type Page } from './support/browser';
import { setUpOwnerInBrowser } from './support/owner-setup';

const PASSWORD = 'a long enough test passphrase';
const HOUR = 3_600_000;

function assistant(id: string, at: number, model: string, usage: [input: number, output: number, cacheWrite: number, cacheRead: number], tool?: string): string {
  return `${JSON.stringify({
    type: 'assistant',
    requestId: `req_${id}`,
    timestamp: new Date(at).toISOString(),
    message: {
      id,
      model,
      content: tool ? [{ type: 'tool_use', id: `toolu_${id}`, name: tool, input: {} }] : [{ type: 'text', text: 'ok' }],
      usage: { input_tokens: usage[0], output_tokens: usage[1], cache_creation_input_tokens: usage[2], cache_read_input_tokens: usage[3] },
    },
  })}\n`;
}

/** Two agent sessions whose transcripts the daemon reads: two days, two models, a few tool calls. */
function seed(home: string): void {
  const now = Date.now();
  // The recent messages fall on today's date whatever the time (the chart selects today), within the
  // last 24 h; the oldest is always before both (another day, outside the 24 h range).
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  const hoursAgo = (hours: number) => now - Math.min(hours * HOUR, ((now - midnight) * hours) / 3);
  const database = openDatabase(join(home, 'codepiper.db'));
  const repo = new SessionRepository(database);
  const sessions = [
    { id: 'aa11bb22', name: 'refactor-api', lines: [assistant('m1', now - 26 * HOUR, 'claude-sonnet-4-5-20250929', [1200, 800, 20_000, 180_000], 'Bash'), assistant('m2', hoursAgo(1), 'claude-sonnet-4-5-20250929', [300, 2500, 5000, 240_000], 'Edit')] },
    { id: 'cc33dd44', name: 'docs-pass-with-a-rather-long-session-name', lines: [assistant('m3', hoursAgo(2), 'claude-haiku-4-5-20251001', [900, 400, 0, 30_000], 'Bash')] },
  ];
  for (const session of sessions) {
    const transcript = join(home, `${session.id}.jsonl`);
    writeFileSync(transcript, session.lines.join(''));
    repo.insert({ id: session.id, name: session.name, command: ['claude'], cwd: home, cols: 80, rows: 24, status: 'exited', exitCode: 0, provider: 'claude', transcriptPath: transcript });
  }
  database.close();
}

/** The Analytics page on a phone, against a real daemon reading real transcript files. */
describe('analytics page', () => {
  let home: string;
  let daemon: Daemon;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let errors: ReturnType<typeof collectErrors>;

  beforeAll(async () => {
    home = await makeHome();
    seed(home);
    daemon = await startDaemon(home);
    browser = await launchChromium();
    phone = await browser.newContext(PHONE);
    page = await phone.newPage();
    errors = collectErrors(page);

    await setUpOwnerInBrowser(page, daemon, PASSWORD);
  });

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    if (home) await destroyHome(home, daemon);
  });

  it('shows totals, both charts, top tools and the most expensive sessions at 390×844 without sideways scrolling', async () => {
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL('**/analytics');
    const tokens = page.getByTestId('stat-tokens');
    await tokens.waitFor();
    // 1200+800+20k+180k + 300+2500+5k+240k + 900+400+30k = 481,100 tokens.
    expect(await tokens.textContent()).toContain('481k');
    // Sonnet 4.5: 1.5k×3 + 3.3k×15 + 25k×3.75 + 420k×0.3; Haiku 4.5: 900×1 + 400×5 + 30k×0.1 (per million) = $0.27965
    expect(await page.getByTestId('stat-cost').textContent()).toContain('$0.28');
    // 450k of 477.4k input tokens (input, cache writes, cache reads) came from the cache.
    expect(await page.getByTestId('stat-cache').textContent()).toContain('94%');

    const charts = page.getByRole('slider');
    expect(await charts.count()).toBe(2);
    // The last day is selected: its figures are read out under the chart.
    expect(await charts.first().getAttribute('aria-valuetext')).toMatch(/^[A-Z][a-z]{2} \d{1,2}: [\d.]+k tokens \(claude-/);
    expect(await charts.last().getAttribute('aria-valuetext')).toMatch(/^[A-Z][a-z]{2} \d{1,2}: \$0\.\d\d$|<\$0\.01$/);
    expect(await page.locator('.legend li').allTextContents()).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    expect(await page.locator('.ranked li .name').allTextContents()).toEqual(['Bash', 'Edit']);
    const sessions = page.getByRole('link', { name: /refactor-api/ });
    expect(await sessions.getAttribute('href')).toBe('/sessions/aa11bb22');
    expect(await page.locator('.sessions .name').allTextContents()).toEqual(['refactor-api', 'docs-pass-with-a-rather-long-session-name']);
    expect(await layoutProblems(page)).toEqual([]);

    await page.getByRole('button', { name: '24 h' }).click();
    await expect.poll(async () => page.getByTestId('stat-tokens').textContent()).toContain('279k');
    expect(await layoutProblems(page)).toEqual([]);
    expect(errors.errors).toEqual([]);
  });
});
