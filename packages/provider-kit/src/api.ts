import type { AssistantStream } from "./events.js";
import type { Context } from "./messages.js";
import type { Api, Model } from "./model.js";

export type ReasoningLevel = "off" | "minimal" | "low" | "medium" | "high" | "xhigh";

export interface RetryOptions {
  /** Retries after the first attempt; default 2. Only before the first byte of a response. */
  maxRetries?: number;
  /** First backoff in ms; doubled each retry, with jitter. Default 500. */
  baseDelayMs?: number;
  /** Upper bound for a server-requested `retry-after`; longer waits fail instead. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Told before each retry, so a UI can show it. */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; reason: string }) => void;
}

export interface StreamOptions {
  /** The secret to send: an API key or an OAuth access token. */
  credential?: string;
  /** Extra request headers; they win over the model's and the API's defaults. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  maxTokens?: number;
  reasoning?: ReasoningLevel;
  temperature?: number;
  /** A stable id for the conversation, for providers that key prompt caches on it. */
  sessionId?: string;
  retry?: RetryOptions;
  /** Connect and response-headers timeouts in ms (defaults 30 000 and 120 000). */
  timeouts?: { connectMs?: number; headersMs?: number };
  /** Called with each outgoing request, already redacted (for --verbose). */
  onRequest?: (request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
  }) => void;
}

/** One wire protocol. `stream` never throws: failures arrive as the terminal `error` event. */
export interface ApiImplementation {
  api: Api;
  stream(model: Model, context: Context, options?: StreamOptions): AssistantStream;
}
