/** Tokens a call used, as the vendor reported them. */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
}

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * List prices per model family (USD per million tokens). Snapshot ids match their family:
 * `claude-3-5-haiku-20241022`, `gpt-4o-mini-2024-07-18`, `claude-3-5-haiku-latest`.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4": { input: 15, output: 75 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-3-5-sonnet": { input: 3, output: 15 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
  "claude-3-haiku": { input: 0.25, output: 1.25 },
  // OpenAI
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  // The local judge runs on our own CPU.
  "local-judge": { input: 0, output: 0 },
};

// A snapshot suffix only: "claude-opus-4-7" must not be priced as "claude-opus-4".
const SNAPSHOT_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;

/** The price of a model, or undefined when we do not know it. */
export function priceOf(model: string, prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES): ModelPrice | undefined {
  return prices[model] ?? prices[model.replace(SNAPSHOT_SUFFIX, "")];
}

/**
 * Cost of a call in USD, or null for a model missing from the price table (reported, not guessed).
 * @example costUsd("claude-3-5-haiku-20241022", { input_tokens: 1000, output_tokens: 200 }) // 0.0016
 */
export function costUsd(
  model: string,
  usage: TokenUsage,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): number | null {
  const price = priceOf(model, prices);
  if (!price) return null;
  return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000;
}
