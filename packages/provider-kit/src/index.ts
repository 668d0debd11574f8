/**
 * @elyra/provider-kit — the contract every Elyra provider implements, and the helpers that let a provider
 * package stay thin: SSE decoding, HTTP with retries, errors, redaction, message assembly and history
 * transformation. Third-party `@elyra/provider-*` packages depend on this package alone.
 */

// The contract
export type { Api, Compat, InputModality, KnownApi, Model, ModelCost } from "./model.js";
export { COMPAT_FLAGS } from "./model.js";
export type {
  AssistantMessage,
  Context,
  ImageContent,
  Message,
  StopReason,
  TextContent,
  ThinkingContent,
  Tool,
  ToolCall,
  ToolResultMessage,
  Usage,
  UsageCost,
  UserMessage,
} from "./messages.js";
export type { AssistantStream, StreamEvent } from "./events.js";
export type { ApiImplementation, ReasoningLevel, RetryOptions, StreamOptions } from "./api.js";
export type {
  CredentialContext,
  OAuthCredential,
  OAuthFlow,
  OAuthLoginCallbacks,
  ProviderDefinition,
  ProviderPlugin,
} from "./provider.js";
export type { ProviderErrorInit, ProviderErrorKind } from "./errors.js";
export { isRetryableStatus, ProviderError, toProviderError } from "./errors.js";

// Helpers for wire APIs
export { type SseEvent, SseDecoder, readSse } from "./sse.js";
export { EventStream } from "./event-stream.js";
export { MessageBuilder } from "./message-builder.js";
export { runStream } from "./run-stream.js";
export { emptyUsage, priceUsage, type TokenCounts } from "./usage.js";
