import type { AssistantMessage, Context, ToolResultMessage } from "@elyra/provider-kit";

/** A turn Claude (anthropic-messages) produced: signed thinking, text, and a tool call with a `toolu_` id. */
export const anthropicTurn: AssistantMessage = {
  role: "assistant",
  api: "anthropic-messages",
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  content: [
    {
      type: "thinking",
      thinking: "The user wants the weather; call the tool.",
      signature: "EqQBCkgIBxABGAIqQKm…sig",
    },
    { type: "text", text: "Let me check." },
    { type: "toolCall", id: "toolu_01A09q90qw90lq917835lq9", name: "weather", arguments: { city: "Paris" } },
  ],
  usage: {
    input: 10,
    output: 20,
    cacheRead: 0,
    cacheWrite: 0,
    totalTokens: 30,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
  },
  stopReason: "toolUse",
  timestamp: 1,
};

export const weatherResult: ToolResultMessage = {
  role: "toolResult",
  toolCallId: "toolu_01A09q90qw90lq917835lq9",
  toolName: "weather",
  content: [{ type: "text", text: "18°C, sunny" }],
  isError: false,
};

/** A conversation started on Claude and continued on another provider. */
export function continuedFromAnthropic(): Context {
  return {
    systemPrompt: "You are terse.",
    messages: [
      { role: "user", content: "Weather in Paris?" },
      anthropicTurn,
      weatherResult,
      { role: "user", content: "Thanks. And tomorrow?" },
    ],
    tools: [
      {
        name: "weather",
        description: "Current weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ],
  };
}

export const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
