import type { TokenCounts } from "@elyra/provider-kit";
import { count, isRecord, type Payload } from "./stream-payload.js";

/**
 * Token counts from a chat-completions `usage` object, normalised: `input` excludes cached tokens and
 * `output` includes reasoning tokens.
 *
 * - Cached input is `prompt_tokens_details.cached_tokens` (OpenAI, xAI, OpenRouter) or DeepSeek's
 *   `prompt_cache_hit_tokens`; OpenRouter reports Anthropic cache writes as `cache_write_tokens`.
 * - `completion_tokens` normally includes `completion_tokens_details.reasoning_tokens`. Some servers (xAI)
 *   count reasoning on top of it instead; their `total_tokens` then equals prompt + completion + reasoning,
 *   and that arithmetic, not the vendor's name, is what tells the two apart.
 */
export function completionsUsage(usage: Payload): TokenCounts {
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const promptDetails = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : undefined;
  const cacheRead = count(promptDetails?.cached_tokens) || count(usage.prompt_cache_hit_tokens);
  const cacheWrite = count(promptDetails?.cache_write_tokens);
  const reasoning = isRecord(usage.completion_tokens_details)
    ? count(usage.completion_tokens_details.reasoning_tokens)
    : 0;
  const total = count(usage.total_tokens);
  const reasoningOnTop = reasoning > 0 && total === prompt + completion + reasoning;
  return {
    input: Math.max(0, prompt - cacheRead - cacheWrite),
    output: reasoningOnTop ? completion + reasoning : completion,
    cacheRead,
    cacheWrite,
  };
}
