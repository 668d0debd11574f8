/** A wire protocol. The built-in ones are listed; plugins may register any other name. */
export type KnownApi =
  | "openai-completions"
  | "openai-responses"
  | "anthropic-messages"
  | "google-generative-ai"
  | "google-vertex"
  | "bedrock-converse-stream";
export type Api = KnownApi | (string & {});

export type InputModality = "text" | "image";

/** Dollars per 1M tokens. */
export interface ModelCost {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * Vendor differences, as data on the model or provider definition. Each wire API reads the flags that
 * concern it in one place and ignores the rest; an absent flag means "what the API's reference vendor does".
 */
export interface Compat {
  /** openai-completions: send the system prompt with role "developer" (OpenAI reasoning models). */
  supportsDeveloperRole?: boolean;
  /** openai-completions / openai-responses: the server accepts `store: false`. */
  supportsStore?: boolean;
  /** openai-completions: which field carries the output limit. */
  maxTokensField?: "max_completion_tokens" | "max_tokens";
  /** openai-completions: the server honours `stream_options.include_usage`. */
  supportsUsageInStreaming?: boolean;
  /**
   * openai-completions: how a reasoning level is sent.
   * "openai": `reasoning_effort`; "openrouter": `reasoning: {effort}`; "zai": `thinking: {type}`;
   * "qwen": `enable_thinking`; "none": never sent.
   */
  thinkingFormat?: "openai" | "openrouter" | "zai" | "qwen" | "none";
  /** openai-completions: tool results must carry the tool's `name`. */
  requiresToolResultName?: boolean;
  /** openai-completions: replay assistant thinking in this field of the assistant message. */
  reasoningReplayField?: "reasoning_content" | "reasoning" | "reasoning_details";
  /** anthropic-messages: mark the system prompt and last user turn with `cache_control`. */
  supportsPromptCaching?: boolean;
  /**
   * anthropic-messages: how the credential is sent. Absent: `x-api-key`, except an Anthropic OAuth access
   * token (`sk-ant-oat…`), which goes as `authorization: Bearer`.
   */
  credentialHeader?: "x-api-key" | "bearer";
  /**
   * google-generative-ai / google-vertex: how a reasoning level reaches `thinkingConfig`. "budget":
   * `thinkingBudget` tokens (Gemini 2.5; the default); "level": `thinkingLevel` (Gemini 3).
   */
  geminiThinking?: "budget" | "level";
  /**
   * google-generative-ai / google-vertex: per-level overrides of what is sent, a token budget for "budget"
   * models and a `thinkingLevel` name for "level" models, for models whose ranges differ from the defaults
   * (Gemini 2.5 Pro allows 32768 tokens, Gemini 3 Pro knows only LOW and HIGH).
   */
  geminiThinkingValues?: Partial<Record<"minimal" | "low" | "medium" | "high" | "xhigh", number | string>>;
  /**
   * google-generative-ai / google-vertex: the model rejects a function call without a thought signature
   * (Gemini 3), so tool calls from other models are replayed with Google's documented placeholder signature.
   */
  requiresThoughtSignatures?: boolean;
  /**
   * openai-completions: the shape of tool-call id the server accepts, for ids from other providers.
   * Absent: `[A-Za-z0-9_-]`, at most 40 characters (OpenAI). "mistral": exactly nine alphanumerics.
   */
  toolCallIdFormat?: "mistral";
}

export const COMPAT_FLAGS: readonly (keyof Compat)[] = [
  "supportsDeveloperRole",
  "supportsStore",
  "maxTokensField",
  "supportsUsageInStreaming",
  "thinkingFormat",
  "requiresToolResultName",
  "reasoningReplayField",
  "supportsPromptCaching",
  "credentialHeader",
  "geminiThinking",
  "geminiThinkingValues",
  "requiresThoughtSignatures",
  "toolCallIdFormat",
];

export interface Model {
  /** The provider id this model is served by (also its auth.json key). */
  provider: string;
  id: string;
  name: string;
  api: Api;
  baseUrl: string;
  reasoning: boolean;
  input: InputModality[];
  contextWindow: number;
  maxTokens: number;
  cost: ModelCost;
  headers?: Record<string, string>;
  compat?: Compat;
}
