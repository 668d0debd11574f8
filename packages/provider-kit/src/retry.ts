import type { ProviderError } from "./errors.js";

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Failures worth another attempt when no response arrived. A DNS miss (ENOTFOUND) is left out: a mistyped
 * base URL will not fix itself. A headers timeout is left out too: the server may be working on the
 * request, and trying again would double both the wait and the bill.
 */
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Whether a failure that produced no response (a ProviderError from toProviderError) is retried. */
export function isRetryableNetworkError(error: ProviderError): boolean {
  return error.code !== undefined && RETRYABLE_NETWORK_CODES.has(error.code);
}

/** Exponential backoff with ±25 % jitter, so clients that failed together do not retry together. */
export function backoffDelay(retryIndex: number, baseDelayMs: number): number {
  const exact = Math.min(baseDelayMs * 2 ** retryIndex, MAX_BACKOFF_MS);
  return Math.round(exact * (0.75 + Math.random() * 0.5));
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` (OpenAI) first, then `retry-after` as seconds or
 * an HTTP date. Headers are lower-cased. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = headers["retry-after-ms"];
  if (ms !== undefined) {
    const value = Number(ms.trim());
    if (ms.trim() !== "" && Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = headers["retry-after"]?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  // Date.parse reads "-5" as a year; an HTTP date always names its day and month.
  if (!/[a-z]/i.test(after)) return undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Sleep that ends early, rejecting with the signal's reason, when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
