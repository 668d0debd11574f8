import type { Compat, Model } from "@elyra/provider-kit";

/** The compat flags the OpenAI wire APIs read, with OpenAI's own behaviour filled in for absent ones. */
export interface OpenAICompat {
  supportsDeveloperRole: boolean;
  supportsStore: boolean;
  maxTokensField: "max_completion_tokens" | "max_tokens";
  supportsUsageInStreaming: boolean;
  thinkingFormat: "openai" | "openrouter" | "zai" | "qwen" | "none";
  requiresToolResultName: boolean;
  reasoningReplayField: Compat["reasoningReplayField"];
  toolCallIdFormat: Compat["toolCallIdFormat"];
}

/**
 * The one place the OpenAI wire APIs read `model.compat`. The defaults are what api.openai.com does, except
 * the system role: "system" is understood by every OpenAI-compatible server and by OpenAI itself, while
 * "developer" is not, so a definition opts in.
 */
export function openaiCompat(model: Model): OpenAICompat {
  const compat = model.compat ?? {};
  return {
    supportsDeveloperRole: compat.supportsDeveloperRole ?? false,
    supportsStore: compat.supportsStore ?? true,
    maxTokensField: compat.maxTokensField ?? "max_completion_tokens",
    supportsUsageInStreaming: compat.supportsUsageInStreaming ?? true,
    thinkingFormat: compat.thinkingFormat ?? "openai",
    requiresToolResultName: compat.requiresToolResultName ?? false,
    reasoningReplayField: compat.reasoningReplayField,
    toolCallIdFormat: compat.toolCallIdFormat,
  };
}
