import type { ModelPrice, ModelPrices } from '../../config/index.js';
import type { TokenUsage } from './chat-client.js';

/**
 * The price of a model: its own entry, else the longest entry its name starts with, since
 * providers answer with dated names (`gpt-4o-mini-2024-07-18` for `gpt-4o-mini`).
 */
export function priceOf(model: string, prices: ModelPrices): ModelPrice | undefined {
  if (Object.hasOwn(prices, model)) return prices[model];
  const prefix = Object.keys(prices)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : prices[prefix];
}

/** Estimated cost of one call in US dollars, or undefined when the model has no price. */
export function callCost(model: string, usage: TokenUsage, prices: ModelPrices): number | undefined {
  const price = priceOf(model, prices);
  if (!price) return undefined;
  return (usage.prompt * price.input_per_1m + usage.completion * price.output_per_1m) / 1_000_000;
}
