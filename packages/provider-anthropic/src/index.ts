/**
 * @elyra/provider-anthropic — the `anthropic-messages` wire API and the Anthropic provider. The default
 * export is the ProviderPlugin the registry loads.
 */
import type { ProviderPlugin } from "@elyra/provider-kit";
import { anthropicMessages } from "./anthropic-messages.js";
import { anthropicProvider } from "./anthropic-provider.js";

// The contract
export { anthropicMessages } from "./anthropic-messages.js";
export { anthropicProvider } from "./anthropic-provider.js";
export type { MessageParam, MessagesRequest } from "./messages-request.js";
export { THINKING_BUDGETS } from "./thinking-budget.js";

const plugin: ProviderPlugin = {
  name: "@elyra/provider-anthropic",
  apis: [anthropicMessages],
  providers: [anthropicProvider],
};

export default plugin;
