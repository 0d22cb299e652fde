import { PROMPT_HISTORY_MAX } from '../constants';

/** The part of localStorage the history needs; tests pass a Map-backed object. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const PROMPT_HISTORY_KEY = 'codepiper.prompt-history';

/**
 * Prompts sent from the input bar, shell-style: Up walks back from the newest, Down walks forward
 * and finally returns the draft that was being typed before Up was first pressed. Sending a prompt
 * again moves it to the newest position instead of storing it twice.
 */
export class PromptHistory {
  private entries: string[];
  /** entries.length means "at the draft", past the newest entry. */
  private cursor: number;
  private draft = '';

  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly max = PROMPT_HISTORY_MAX,
  ) {
    this.entries = load(store).slice(-max);
    this.cursor = this.entries.length;
  }

  get all(): readonly string[] {
    return this.entries;
  }

  /** Remembers a sent prompt and returns to the draft position. */
  record(text: string): void {
    if (text.trim() !== '') {
      this.entries = this.entries.filter((entry) => entry !== text);
      this.entries.push(text);
      if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
      save(this.store, this.entries);
    }
    this.cursor = this.entries.length;
    this.draft = '';
  }

  /** The previous prompt, or undefined at the oldest. `current` is kept as the draft when leaving it. */
  previous(current: string): string | undefined {
    if (this.cursor === 0) return undefined;
    if (this.cursor === this.entries.length) this.draft = current;
    this.cursor--;
    return this.entries[this.cursor];
  }

  /** The next prompt, the draft after the newest, or undefined when already at the draft. */
  next(): string | undefined {
    if (this.cursor >= this.entries.length) return undefined;
    this.cursor++;
    return this.cursor === this.entries.length ? this.draft : this.entries[this.cursor];
  }

  /** The text was edited by hand: the walk starts again from the newest. */
  restart(): void {
    this.cursor = this.entries.length;
  }
}

function load(store: KeyValueStore | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(PROMPT_HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function save(store: KeyValueStore | undefined, entries: string[]): void {
  try {
    store?.setItem(PROMPT_HISTORY_KEY, JSON.stringify(entries));
  } catch {
    // Storage full or disabled (private mode): the history still works for this tab.
  }
}
