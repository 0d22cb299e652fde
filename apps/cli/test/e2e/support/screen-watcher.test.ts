import { describe, expect, it } from 'vitest';
import { ScreenWatcher } from './screen-watcher.js';

describe('ScreenWatcher', () => {
  it('settles a wait with the output that draws the pattern, and a gone-wait with the output that erases it', async () => {
    const watcher = new ScreenWatcher(40, 5);
    const shown = watcher.waitFor(/^Do you want\b/m, 1_000);
    watcher.push('\x1b[2;1HDo\x1b[4Gyou\x1b[8Gwant to proceed?');
    expect(await shown).toContain('Do you want to proceed?');
    const gone = watcher.waitForGone('proceed', 1_000);
    watcher.push('\x1b[2;1H\x1b[K');
    expect(await gone).not.toContain('proceed');
  });

  it('fails a pending wait at once when the terminal ends, with the screen in the message', async () => {
    const watcher = new ScreenWatcher(40, 5);
    watcher.push('last words');
    const pending = watcher.waitFor('never', 10_000);
    watcher.end();
    await expect(pending).rejects.toThrow(/ended before never; screen:\nlast words/);
  });

  it('fails at its deadline naming what it waited for', async () => {
    const watcher = new ScreenWatcher(40, 5);
    await expect(watcher.waitFor('absent', 20, 'the dialog')).rejects.toThrow(/timed out after 20 ms waiting for the dialog/);
  });
});
