import { Agent, type Dispatcher, request } from "undici";
import type { RetryOptions, StreamOptions } from "./api.js";
import { providerErrorFromBody } from "./error-response.js";
import { ProviderError, toProviderError } from "./errors.js";
import { flattenHeaders, requestIdFrom } from "./headers.js";
import { redactHeaders, redactSecrets, redactUrl, requestSecrets } from "./redact.js";
import {
  backoffDelay,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  isRetryableNetworkError,
  sleep,
} from "./retry.js";

export interface HttpRequestOptions {
  /** Provider id, for errors. */
  provider: string;
  url: string;
  /** Default POST. */
  method?: "POST" | "GET";
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** Defaults: connect 30 000 ms, response headers 120 000 ms. */
  timeouts?: { connectMs?: number; headersMs?: number };
  /** Called with a redacted copy of the request before each attempt. */
  onRequest?: StreamOptions["onRequest"];
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /**
   * The response bytes. Read it to the end or stop iterating (`break`), which releases the connection.
   * Failures while reading (a cut connection, an abort, the idle timeout) throw a ProviderError.
   */
  body: AsyncIterable<Uint8Array>;
  requestId?: string;
}

const DEFAULT_CONNECT_MS = 30_000;
const DEFAULT_HEADERS_MS = 120_000;
/**
 * The longest silence allowed between two body chunks. Streams go quiet while a model thinks, and some
 * providers send no keep-alive comments, so this is generous; it exists so a dead peer cannot hold a
 * request open forever.
 */
const BODY_IDLE_MS = 300_000;
/** Enough for any real error payload; a proxy's HTML error page beyond this is noise. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** undici takes the connect timeout per dispatcher, so there is one shared Agent per distinct value. */
const agents = new Map<number, Agent>();

function agentFor(connectMs: number): Agent {
  let agent = agents.get(connectMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: connectMs }, keepAliveTimeout: 10_000, allowH2: false });
    agents.set(connectMs, agent);
  }
  return agent;
}

/**
 * Sends one HTTP request with undici and resolves with the response once it is 2xx. Retries happen only
 * before any of the response body has been handed over: on 408, 409, 429, 5xx and connection failures,
 * with exponential backoff or the server's `retry-after`. Anything else throws a ProviderError whose
 * message is the provider's own, with the request's secrets redacted.
 */
export async function sendRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  const secrets = requestSecrets(options.url, options.headers);
  const maxRetries = options.retry?.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(options, secrets);
    if ("response" in outcome) return outcome.response;
    const { error, retry } = outcome;
    if (!retry || attempt >= maxRetries) throw error;
    const delayMs =
      error.retryAfterMs ?? backoffDelay(attempt, options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
    options.retry?.onRetry?.({ attempt: attempt + 1, delayMs, status: error.status, reason: error.message });
    try {
      await sleep(delayMs, options.signal);
    } catch (reason) {
      throw toProviderError(reason, options.provider, options.signal);
    }
  }
}

type Outcome = { response: HttpResponse } | { error: ProviderError; retry: boolean };

/** One attempt, and whether its failure may be retried. */
async function attemptOnce(options: HttpRequestOptions, secrets: string[]): Promise<Outcome> {
  const { provider, signal } = options;
  const method = options.method ?? "POST";
  options.onRequest?.({
    method,
    url: redactUrl(options.url),
    headers: redactHeaders(options.headers),
    body: redactSecrets(options.body ?? "", secrets),
  });
  let response: Dispatcher.ResponseData;
  try {
    response = await request(options.url, {
      method,
      headers: options.headers,
      body: options.body,
      signal,
      dispatcher: agentFor(options.timeouts?.connectMs ?? DEFAULT_CONNECT_MS),
      headersTimeout: options.timeouts?.headersMs ?? DEFAULT_HEADERS_MS,
      bodyTimeout: BODY_IDLE_MS,
    });
  } catch (thrown) {
    const error = scrub(toProviderError(thrown, provider, signal), secrets);
    return { error, retry: error.kind !== "aborted" && isRetryableNetworkError(error) };
  }
  const headers = flattenHeaders(response.headers);
  if (response.statusCode >= 200 && response.statusCode < 300) {
    return {
      response: {
        status: response.statusCode,
        headers,
        body: guardBody(response.body, provider, signal, secrets),
        requestId: requestIdFrom(headers),
      },
    };
  }
  const text = await readLimited(response.body, provider, signal);
  const error = providerErrorFromBody(provider, response.statusCode, text, headers, secrets);
  return checkRetryAfter(error, options.retry?.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
}

/** A retryable response may be retried, unless the server asked for a longer wait than the cap allows. */
function checkRetryAfter(error: ProviderError, capMs: number): Outcome {
  if (!error.retryable) return { error, retry: false };
  const wait = error.retryAfterMs;
  if (wait === undefined || wait <= capMs) return { error, retry: true };
  const message = `${error.message} (the server asked to wait ${seconds(wait)}, longer than the ${seconds(capMs)} limit)`;
  return { error: withMessage(error, message), retry: false };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * The body as handed to the caller: errors become ProviderErrors, an abort reads as an abort. A delegating
 * iterator rather than an async generator, which would add a promise and a microtask hop per chunk — on a
 * paced stream that is one per delta.
 */
function guardBody(
  body: Dispatcher.ResponseData["body"],
  provider: string,
  signal: AbortSignal | undefined,
  secrets: string[],
): AsyncIterable<Uint8Array> {
  const fail = (thrown: unknown): never => {
    throw scrub(toProviderError(thrown, provider, signal), secrets);
  };
  return {
    [Symbol.asyncIterator]() {
      const inner = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
      return {
        next: () => inner.next().catch(fail),
        return: async (value?: unknown) => {
          if (inner.return) return inner.return(value).catch(fail);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** Up to ERROR_BODY_LIMIT bytes of an error response; a connection cut mid-way keeps what arrived. */
async function readLimited(
  body: Dispatcher.ResponseData["body"],
  provider: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch (thrown) {
    if (signal?.aborted) throw toProviderError(thrown, provider, signal);
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString("utf8");
}

/** The same error with any secret removed from its message. */
function scrub(error: ProviderError, secrets: string[]): ProviderError {
  const message = redactSecrets(error.message, secrets);
  return message === error.message ? error : withMessage(error, message);
}

function withMessage(error: ProviderError, message: string): ProviderError {
  return new ProviderError({
    provider: error.provider,
    kind: error.kind,
    status: error.status,
    code: error.code,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    requestId: error.requestId,
    cause: error.cause,
    message,
  });
}
