import type { Usage } from "./messages.js";
import type { ModelCost } from "./model.js";

export interface TokenCounts {
  /** Input tokens not read from or written to a cache. */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export function emptyUsage(): Usage {
  return {
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    totalTokens: 0,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
  };
}

/** Normalised counts priced from the model's cost table ($ per 1M tokens). */
export function priceUsage(counts: TokenCounts, cost: ModelCost): Usage {
  const input = (counts.input * cost.input) / 1e6;
  const output = (counts.output * cost.output) / 1e6;
  const cacheRead = (counts.cacheRead * cost.cacheRead) / 1e6;
  const cacheWrite = (counts.cacheWrite * cost.cacheWrite) / 1e6;
  return {
    input: counts.input,
    output: counts.output,
    cacheRead: counts.cacheRead,
    cacheWrite: counts.cacheWrite,
    totalTokens: counts.input + counts.output + counts.cacheRead + counts.cacheWrite,
    cost: { input, output, cacheRead, cacheWrite, total: input + output + cacheRead + cacheWrite },
  };
}
