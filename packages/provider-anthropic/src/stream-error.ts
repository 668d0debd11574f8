import { ProviderError, type ProviderErrorKind, providerErrorFromBody } from "@elyra/provider-kit";

/**
 * Anthropic's error types (https://docs.anthropic.com/en/api/errors), for an `error` event in the middle of
 * a stream, where there is no HTTP status to go by. Transient ones may be retried by the caller; a billing
 * problem or an oversized request will not fix itself.
 */
const ERROR_TYPES = new Map<string, { kind: ProviderErrorKind; retryable: boolean }>([
  ["overloaded_error", { kind: "server", retryable: true }],
  ["api_error", { kind: "server", retryable: true }],
  ["rate_limit_error", { kind: "rate_limit", retryable: true }],
  ["timeout_error", { kind: "timeout", retryable: true }],
  ["invalid_request_error", { kind: "invalid_request", retryable: false }],
  ["request_too_large", { kind: "invalid_request", retryable: false }],
  ["not_found_error", { kind: "invalid_request", retryable: false }],
  ["billing_error", { kind: "auth", retryable: false }],
  ["authentication_error", { kind: "auth", retryable: false }],
  ["permission_error", { kind: "auth", retryable: false }],
]);

/** The ProviderError for `{"type":"error","error":{"type","message"},"request_id"?}`. */
export function streamErrorFromPayload(
  provider: string,
  payload: Record<string, unknown>,
  headers?: Record<string, string>,
): ProviderError {
  const base = providerErrorFromBody(provider, undefined, payload, headers);
  const known = base.code === undefined ? undefined : ERROR_TYPES.get(base.code);
  const requestId = typeof payload.request_id === "string" ? payload.request_id : base.requestId;
  // A context overflow is recognised from the message by provider-kit; that beats the generic type.
  const kind = base.kind === "context_overflow" ? base.kind : (known?.kind ?? base.kind);
  return new ProviderError({
    provider,
    kind,
    code: base.code,
    retryable: known?.retryable ?? base.retryable,
    requestId,
    message: base.message,
  });
}
