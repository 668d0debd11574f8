import type { TokenCounts } from "@elyra/provider-kit";
import { count, isRecord, type Payload } from "./stream-payload.js";

/**
 * Token counts from a Responses `usage` object, normalised: `input` excludes the cached tokens in
 * `input_tokens_details.cached_tokens`; `output_tokens` already includes reasoning tokens.
 */
export function responsesUsage(usage: Payload): TokenCounts {
  const input = count(usage.input_tokens);
  const cacheRead = isRecord(usage.input_tokens_details)
    ? count(usage.input_tokens_details.cached_tokens)
    : 0;
  return {
    input: Math.max(0, input - cacheRead),
    output: count(usage.output_tokens),
    cacheRead,
    cacheWrite: 0,
  };
}
