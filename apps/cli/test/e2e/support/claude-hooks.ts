import { existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lifecycle events CodePiper registers hooks for (all that 2.1.331 fires in an interactive session). */
export const HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'Notification', 'PostToolUse', 'Stop', 'SessionEnd'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

const RECORDER = fileURLToPath(new URL('./hook-recorder.mjs', import.meta.url));

/** One line of the recorder's log: a hook starting (with the binary's payload) or ending. */
export interface HookRecord {
  phase: 'start' | 'end';
  event: string;
  pid: number;
  at: number;
  payload?: any;
  /** For `end`: `replied`, `no-reply`, or the signal that ended a blocked hook. */
  how?: string;
}

export interface HookRecorderOptions {
  /** Seconds before the binary gives up on a hook (it then kills it and falls back to its own dialog). */
  timeoutSeconds?: number;
  /** Extra settings merged into the file (the hooks key is the recorder's). */
  settings?: Record<string, unknown>;
}

/**
 * A `--settings` file whose command hooks, for every event, run hook-recorder.mjs: each payload is
 * appended to a log the test reads, and each event's answer comes from a reply the test sets (a
 * decision, or a hold that keeps the hook pending until the test releases it).
 */
export class HookRecorder {
  readonly settingsFile: string;
  readonly logFile: string;
  private readonly replyDir: string;
  private watcher: FSWatcher | undefined;
  private listeners = new Set<() => void>();

  constructor(dir: string, options: HookRecorderOptions = {}) {
    this.settingsFile = join(dir, 'claude-settings.json');
    this.logFile = join(dir, 'hooks.jsonl');
    this.replyDir = join(dir, 'hook-replies');
    mkdirSync(this.replyDir, { recursive: true });
    writeFileSync(this.logFile, '');
    // The binary runs a command hook as `/bin/sh -c <command>` in a process group of its own; `exec` makes
    // the recorder the binary's direct child, so it can tell when the binary is gone.
    const command = `exec '${process.execPath}' '${RECORDER}' '${this.logFile}' '${this.replyDir}'`;
    const hook = { type: 'command', command, timeout: options.timeoutSeconds ?? 30 };
    const settings = {
      // 2.1.331 defaults to "auto" mode, where tools run with no permission check at all.
      permissions: { defaultMode: 'default' },
      ...options.settings,
      hooks: Object.fromEntries(HOOK_EVENTS.map((event) => [event, [{ hooks: [hook] }]])),
    };
    writeFileSync(this.settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    // The log is appended by hook processes: a change notification re-checks the waits.
    this.watcher = watch(this.logFile, () => {
      for (const listener of [...this.listeners]) listener();
    });
  }

  /** What the hook for `event` prints from now on (a JSON decision); undefined: print nothing. */
  reply(event: HookEvent, output: Record<string, unknown> | undefined): void {
    const file = join(this.replyDir, `${event}.json`);
    if (output === undefined) rmSync(file, { force: true });
    else writeFileSync(file, JSON.stringify(output));
  }

  /** From now on the hook for `event` stays pending until `release` (or until the binary kills it). */
  hold(event: HookEvent): void {
    rmSync(join(this.replyDir, `${event}.json`), { force: true });
    writeFileSync(join(this.replyDir, `${event}.block`), '');
  }

  /** Lets held hooks of `event` answer with `output` (an empty object prints `{}`); later ones answer at once. */
  release(event: HookEvent, output: Record<string, unknown>): void {
    rmSync(join(this.replyDir, `${event}.block`), { force: true });
    writeFileSync(join(this.replyDir, `${event}.json`), JSON.stringify(output));
  }

  records(): HookRecord[] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as HookRecord);
  }

  /** The payloads the binary sent, in order, optionally of one event. */
  payloads(event?: HookEvent): any[] {
    return this.records()
      .filter((record) => record.phase === 'start' && (event === undefined || record.event === event))
      .map((record) => record.payload);
  }

  /** Resolves with the records once `check` holds for them; re-checked whenever the log changes. */
  waitUntil(check: (records: HookRecord[]) => boolean, what: string, timeoutMs = 20_000): Promise<HookRecord[]> {
    return new Promise((resolve, reject) => {
      const evaluate = (): void => {
        const records = this.records();
        if (!check(records)) return;
        done();
        resolve(records);
      };
      // A safety net for a change notification lost between two appends (inotify coalesces them).
      const poll = setInterval(evaluate, 250);
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for hooks: ${what}; got: ${this.records().map((r) => `${r.event}:${r.phase}${r.how ? `(${r.how})` : ''}`).join(', ')}`));
      }, timeoutMs);
      const done = (): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.listeners.delete(evaluate);
      };
      this.listeners.add(evaluate);
      evaluate();
    });
  }

  /** Resolves with the payload of the `nth` (1-based) hook of `event` once it has started. */
  async waitForEvent(event: HookEvent, nth = 1, timeoutMs = 20_000): Promise<any> {
    const records = await this.waitUntil((all) => all.filter((r) => r.phase === 'start' && r.event === event).length >= nth, `${event} #${nth}`, timeoutMs);
    return records.filter((r) => r.phase === 'start' && r.event === event)[nth - 1]!.payload;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.listeners.clear();
  }
}
