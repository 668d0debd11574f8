const MARKER = Symbol.for("@elyra/provider-kit/ProviderError");

export type ProviderErrorKind =
  | "auth"
  | "rate_limit"
  | "context_overflow"
  | "invalid_request"
  | "server"
  | "network"
  | "timeout"
  | "aborted"
  | "protocol";

export interface ProviderErrorInit {
  provider: string;
  message: string;
  kind: ProviderErrorKind;
  status?: number;
  /** The provider's own error code or type (`rate_limit_error`, `insufficient_quota`, …). */
  code?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  requestId?: string;
  cause?: unknown;
}

/** The one error type of the provider layer. Its message is the provider's own and never holds a secret. */
export class ProviderError extends Error {
  readonly [MARKER] = true;
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly requestId?: string;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ProviderError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
  }

  /** Works across copies of this package, unlike instanceof. */
  static isInstance(value: unknown): value is ProviderError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** 408, 409, 429 and 5xx are worth another try; every other status is the caller's to fix. */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** Whatever was thrown, as a ProviderError: aborts, timeouts and socket failures get their own kinds. */
export function toProviderError(error: unknown, provider: string, signal?: AbortSignal): ProviderError {
  if (ProviderError.isInstance(error)) return error;
  if (signal?.aborted) {
    return new ProviderError({ provider, kind: "aborted", message: "Request aborted", retryable: false });
  }
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code && TIMEOUT_CODES.has(code)) {
    return new ProviderError({
      provider,
      kind: "timeout",
      code,
      message: `${provider}: ${detail}`,
      retryable: true,
      cause: error,
    });
  }
  if (code && NETWORK_CODES.has(code)) {
    return new ProviderError({
      provider,
      kind: "network",
      code,
      message: `${provider}: network error (${code}): ${detail}`,
      retryable: true,
      cause: error,
    });
  }
  return new ProviderError({
    provider,
    kind: "protocol",
    message: `${provider}: ${detail}`,
    retryable: false,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
