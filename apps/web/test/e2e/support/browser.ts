import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules` to give a test host name an address. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, ...extraArgs] });
}

/**
 * A browser with a real profile folder: Chromium refuses to consider installing a web app from an
 * incognito-like context, which is what launch() gives.
 */
export function launchProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
export const SMALL_PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 } as const;

/**
 * Everything the page reports as an error: console errors and uncaught exceptions. Failed requests
 * to the daemon while it is deliberately down are the browser's own network noise, so a test can
 * pause the collection around them.
 */
export function collectErrors(page: Page): { errors: string[]; paused: boolean } {
  const state = { errors: [] as string[], paused: false };
  page.on('console', (message) => {
    if (message.type() === 'error' && !state.paused) state.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    if (!state.paused) state.errors.push(`pageerror: ${error.message}`);
  });
  return state;
}

/** What the session view's terminal shows, scrollback included (read through the automation hook). */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { codepiperTerminal?: { text(): string } }).codepiperTerminal?.text() ?? '');
}

/** The terminal's grid and the font size it is drawn with. */
export async function terminalSize(page: Page): Promise<{ cols: number; rows: number; fontSize: number }> {
  return page.evaluate(() => (window as unknown as { codepiperTerminal: { size(): { cols: number; rows: number; fontSize: number } } }).codepiperTerminal.size());
}

/** Waits until the terminal shows `text` (polling the page: the text arrives over the WebSocket). */
export async function waitForTerminalText(page: Page, text: string | RegExp, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([source, flags]) => {
      const shown = (window as unknown as { codepiperTerminal?: { text(): string } }).codepiperTerminal?.text() ?? '';
      return new RegExp(source!, flags).test(shown);
    },
    typeof text === 'string' ? [text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ''] : [text.source, text.flags],
    { timeout },
  );
}

/** Page-level layout problems a phone user would hit: sideways scrolling and small touch targets. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const element of document.querySelectorAll<HTMLElement>('button, a.button, input, textarea, select')) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      if ((element as HTMLInputElement).type === 'checkbox') continue;
      // xterm's own keyboard proxy: an invisible caret-sized textarea, not something to tap.
      if (element.classList.contains('xterm-helper-textarea')) continue;
      // Text links inside sentences are exempt, as WCAG 2.5.8 exempts inline targets.
      if (element.classList.contains('link')) continue;
      if (box.height < 43.5 || box.width < 43.5) problems.push(`small target ${element.tagName.toLowerCase()} "${element.getAttribute('aria-label') ?? element.textContent?.trim()}": ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return problems;
  });
}

export type { Browser, BrowserContext, Page };
