import type { ProviderDefinition } from "@elyra/provider-kit";

/** Anthropic's own API. Its models and the Claude Pro/Max login arrive in later issues. */
export const anthropicProvider: ProviderDefinition = {
  id: "anthropic",
  name: "Anthropic",
  api: "anthropic-messages",
  baseUrl: "https://api.anthropic.com",
  env: ["ANTHROPIC_API_KEY"],
};
