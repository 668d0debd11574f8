import type { Api } from "./model.js";

export interface TextContent {
  type: "text";
  text: string;
  /** Opaque replay data the producing API attached to this text (e.g. a Gemini thought signature). */
  signature?: string;
}

export interface ThinkingContent {
  type: "thinking";
  thinking: string;
  /**
   * Opaque replay data from the producing API: an Anthropic signature, an encrypted OpenAI reasoning item,
   * OpenRouter reasoning_details. Only sent back to the same provider and model.
   */
  signature?: string;
  /** The provider hid the reasoning; `signature` holds the opaque payload and `thinking` is a placeholder. */
  redacted?: boolean;
}

export interface ImageContent {
  type: "image";
  /** base64, without a data: prefix */
  data: string;
  mimeType: string;
}

export interface ToolCall {
  type: "toolCall";
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** Opaque replay data tied to this call (Gemini thoughtSignature). */
  signature?: string;
}

export type StopReason = "stop" | "length" | "toolUse" | "error" | "aborted";

export interface UsageCost {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  total: number;
}

/** Token counts; `input` excludes cached tokens, which are counted in `cacheRead` / `cacheWrite`. */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  totalTokens: number;
  /** Dollars, from the model's cost table. */
  cost: UsageCost;
}

export interface UserMessage {
  role: "user";
  content: string | (TextContent | ImageContent)[];
  timestamp?: number;
}

export interface AssistantMessage {
  role: "assistant";
  content: (TextContent | ThinkingContent | ToolCall)[];
  api: Api;
  provider: string;
  model: string;
  usage: Usage;
  stopReason: StopReason;
  /** Set when stopReason is "error" or "aborted". Never holds a secret. */
  errorMessage?: string;
  /** The provider's id for this response, when it gives one. */
  responseId?: string;
  timestamp: number;
}

export interface ToolResultMessage {
  role: "toolResult";
  toolCallId: string;
  toolName: string;
  content: (TextContent | ImageContent)[];
  isError: boolean;
  timestamp?: number;
}

export type Message = UserMessage | AssistantMessage | ToolResultMessage;

export interface Tool {
  name: string;
  description: string;
  /** A JSON Schema object describing the arguments. */
  parameters: Record<string, unknown>;
}

export interface Context {
  systemPrompt?: string;
  messages: Message[];
  tools?: Tool[];
}
