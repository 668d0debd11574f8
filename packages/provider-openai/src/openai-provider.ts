import type { ProviderDefinition } from "@elyra/provider-kit";

/** OpenAI itself, over the Responses API. Its model catalog comes from the registry. */
export const openaiProvider: ProviderDefinition = {
  id: "openai",
  name: "OpenAI",
  api: "openai-responses",
  baseUrl: "https://api.openai.com/v1",
  env: ["OPENAI_API_KEY"],
};
