/** USD per million tokens. `cacheWrite` is Anthropic's 5-minute cache write; OpenAI has none (input price). */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** Token counts of one message or a sum of them, as stored. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/**
 * List prices from the providers' pricing pages — Anthropic: https://docs.claude.com/en/docs/about-claude/pricing,
 * OpenAI: https://platform.openai.com/docs/pricing — as they stood from November 2025 (the Claude Opus 4.5
 * release); table written 2026-11-24. Standard tier, no batch discount, no long-context surcharge. Keys
 * are model ids without their date; the owner overrides or adds any of them in
 * `$CODEPIPER_HOME/config.json` ("prices"), which wins over this table.
 */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-opus-4-0': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-opus-4-1': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-0': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 },
  'gpt-5': { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  'gpt-5-codex': { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  'gpt-5.1': { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  'gpt-5.1-codex': { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheWrite: 0.25, cacheRead: 0.025 },
};

/**
 * What follows a table key in a dated or provider-qualified id of the same model:
 * `claude-sonnet-4-5-20250929`, `gpt-5-2025-08-07`, `claude-sonnet-4-5@20250929` (Vertex), `-latest`.
 * Anything else (`gpt-5-codex-mini` after `gpt-5-codex`) is another model, whose price is not guessed.
 */
const VERSION_SUFFIX = /^[-@](\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;

/**
 * Prices by model id: the owner's overrides first, then the built-in table. A key matches the same id,
 * that id with a date suffix, or — for an override key ending in `*` — every id starting with the rest.
 */
export class PriceTable {
  private readonly cache = new Map<string, ModelPrice | null>();

  constructor(private readonly overrides: Readonly<Record<string, ModelPrice>> = {}) {}

  /** The price of a model, or null when neither table knows it. */
  priceOf(model: string): ModelPrice | null {
    let price = this.cache.get(model);
    if (price === undefined) {
      price = lookup(this.overrides, model) ?? lookup(BUILTIN_PRICES, model);
      this.cache.set(model, price);
    }
    return price;
  }

  /** USD for these tokens of this model, or null when the model has no known price. */
  costOf(model: string, tokens: TokenCounts): number | null {
    const price = this.priceOf(model);
    if (!price) return null;
    return (
      (tokens.inputTokens * price.input +
        tokens.outputTokens * price.output +
        tokens.cacheCreationInputTokens * price.cacheWrite +
        tokens.cacheReadInputTokens * price.cacheRead) /
      1_000_000
    );
  }
}

function lookup(table: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | null {
  const exact = table[model];
  if (exact) return exact;
  let best: { length: number; price: ModelPrice } | undefined;
  for (const [key, price] of Object.entries(table)) {
    const matches = key.endsWith('*')
      ? model.startsWith(key.slice(0, -1))
      : model.startsWith(key) && VERSION_SUFFIX.test(model.slice(key.length));
    if (matches && (!best || key.length > best.length)) best = { length: key.length, price };
  }
  return best?.price ?? null;
}
