import { describe, expect, it } from 'vitest';
import { BUILTIN_PRICES, PriceTable } from './prices.js';

const tokens = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheCreationInputTokens: 1_000_000, cacheReadInputTokens: 1_000_000 };

describe('PriceTable', () => {
  it('prices model ids with a date suffix as the model', () => {
    const prices = new PriceTable();
    expect(prices.priceOf('claude-sonnet-4-5-20250929')).toEqual(BUILTIN_PRICES['claude-sonnet-4-5']);
    expect(prices.priceOf('claude-opus-4-1-20250805')).toEqual({ input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 });
    expect(prices.priceOf('claude-opus-4-5-20251101')).toEqual({ input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 });
    expect(prices.priceOf('claude-sonnet-4-20250514')).toEqual({ input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 });
    expect(prices.priceOf('claude-3-5-haiku-20241022')).toEqual({ input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 });
    expect(prices.priceOf('gpt-5-2025-08-07')).toEqual(BUILTIN_PRICES['gpt-5']);
    expect(prices.priceOf('gpt-5.1-codex')).toEqual({ input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 });
    expect(prices.priceOf('gpt-5-mini')?.input).toBe(0.25);
  });

  it('does not guess the price of a model it does not know', () => {
    const prices = new PriceTable();
    for (const model of ['gpt-5-codex-mini', 'claude-sonnet-4-5-experimental', 'llama-3', 'unknown', '<synthetic>']) {
      expect(prices.priceOf(model)).toBeNull();
      expect(prices.costOf(model, tokens)).toBeNull();
    }
  });

  it('computes USD from the four token kinds', () => {
    expect(new PriceTable().costOf('claude-haiku-4-5', tokens)).toBeCloseTo(1 + 5 + 1.25 + 0.1, 10);
    expect(new PriceTable().costOf('claude-sonnet-4-5', { inputTokens: 1000, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 })).toBeCloseTo(0.003, 10);
  });

  it("lets the owner's prices win and add models, with `*` keys matching by prefix", () => {
    const mine = { input: 2, output: 8, cacheWrite: 2.5, cacheRead: 0.2 };
    const house = { input: 0.1, output: 0.2, cacheWrite: 0.1, cacheRead: 0.01 };
    const prices = new PriceTable({ 'claude-sonnet-4-5': mine, 'local-*': house, 'local-big-*': mine });
    expect(prices.priceOf('claude-sonnet-4-5-20250929')).toEqual(mine);
    expect(prices.priceOf('local-small')).toEqual(house);
    expect(prices.priceOf('local-big-2')).toEqual(mine);
    expect(prices.priceOf('claude-haiku-4-5')).toEqual(BUILTIN_PRICES['claude-haiku-4-5']);
  });
});
