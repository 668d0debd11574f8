/**
 * @elyra/provider-openai — the two OpenAI wire APIs, which most of the industry also speaks:
 *
 * - `openai-completions`: `POST {baseUrl}/chat/completions`, for OpenAI and every OpenAI-compatible vendor
 *   (Groq, DeepSeek, xAI, Mistral, OpenRouter, …). Vendor differences are `model.compat` flags.
 * - `openai-responses`: `POST {baseUrl}/responses`, OpenAI's own API, stateless (`store: false`), with
 *   reasoning carried between turns as encrypted reasoning items.
 *
 * The default export is the ProviderPlugin the registry loads; it also defines the "openai" provider.
 */
import type { ProviderPlugin } from "@elyra/provider-kit";
import { openaiCompletions } from "./openai-completions.js";
import { openaiProvider } from "./openai-provider.js";
import { openaiResponses } from "./openai-responses.js";

// The contract
export { openaiCompletions } from "./openai-completions.js";
export { openaiProvider } from "./openai-provider.js";
export { openaiResponses } from "./openai-responses.js";

const plugin: ProviderPlugin = {
  name: "@elyra/provider-openai",
  apis: [openaiCompletions, openaiResponses],
  providers: [openaiProvider],
};

export default plugin;
