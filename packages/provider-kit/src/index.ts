/**
 * @elyra/provider-kit — the contract every Elyra provider implements, and the helpers that let a provider
 * package stay thin: SSE decoding, HTTP with retries, errors, redaction, message assembly and history
 * transformation. Third-party `@elyra/provider-*` packages depend on this package alone.
 */

// The contract

export type { ApiImplementation, ReasoningLevel, RetryOptions, StreamOptions } from "./api.js";
export type { ProviderErrorInit, ProviderErrorKind } from "./errors.js";
export { isRetryableStatus, ProviderError, toProviderError } from "./errors.js";
export type { AssistantStream, StreamEvent } from "./events.js";
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
export type { Api, Compat, InputModality, KnownApi, Model, ModelCost } from "./model.js";
export { COMPAT_FLAGS } from "./model.js";
export type {
  CredentialContext,
  OAuthCredential,
  OAuthFlow,
  OAuthLoginCallbacks,
  ProviderDefinition,
  ProviderPlugin,
} from "./provider.js";

// Helpers for wire APIs

export { providerErrorFromBody } from "./error-response.js";
export { EventStream } from "./event-stream.js";
export { mergeHeaders } from "./headers.js";
export { type HttpRequestOptions, type HttpResponse, sendRequest } from "./http.js";
export { MessageBuilder } from "./message-builder.js";
export {
  isSensitiveName,
  REDACTED,
  redactHeaders,
  redactSecrets,
  redactUrl,
  requestSecrets,
} from "./redact.js";
export { runStream } from "./run-stream.js";
export { readSse, SseDecoder, type SseEvent } from "./sse.js";
export {
  type SanitizeToolCallIdOptions,
  sanitizeToolCallId,
  type ToolCallIdPattern,
  toolCallIdNormalizer,
} from "./tool-call-id.js";
export { type TransformMessagesOptions, transformMessages } from "./transform-messages.js";
export { emptyUsage, priceUsage, type TokenCounts } from "./usage.js";
