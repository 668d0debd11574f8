import { STATUS_CODES } from "node:http";
import { isRetryableStatus, ProviderError, type ProviderErrorKind } from "./errors.js";
import { flattenHeaders, requestIdFrom } from "./headers.js";
import { redactSecrets } from "./redact.js";
import { retryAfterMs } from "./retry.js";

/** The provider's own words for a failure, pulled out of whichever error shape it uses. */
interface ErrorDetails {
  message?: string;
  code?: string;
}

const MAX_MESSAGE_CHARS = 1000;

const CONTEXT_OVERFLOW = [
  /context_length_exceeded/i,
  /prompt is too long/i,
  /maximum context length/i,
  /exceeds the context window/i,
  /input token count.*exceeds/i,
];

/** Error codes that look transient by status but are not: retrying cannot add money to an account. */
const NOT_RETRYABLE_CODES = new Set(["insufficient_quota"]);

/**
 * A ProviderError from an error payload: a non-2xx response body, or an error event in the middle of a
 * stream (status undefined). `body` may be the raw text or already-parsed JSON. Understands
 * `{"error":{"message","type","code"}}` (OpenAI, Anthropic, also wrapped in `{"type":"error"}`), Google's
 * `{"error":{"code","message","status"}}` and its `[{"error":…}]`, `{"message"}`, `{"detail"}` and plain text.
 * `secrets` are redacted from the message, in case the provider echoes the key it rejected.
 */
export function providerErrorFromBody(
  provider: string,
  status: number | undefined,
  body: unknown,
  headers?: Record<string, string | string[] | undefined>,
  secrets: readonly string[] = [],
): ProviderError {
  const flat = headers ? flattenHeaders(headers) : {};
  const details = errorDetails(parseIfJson(body));
  const code = details.code ?? awsErrorType(flat);
  const text = details.message ?? (status !== undefined ? STATUS_CODES[status] : undefined) ?? "error";
  const kind = errorKind(status, code, text);
  const retryable = retryableFor(status, kind, code);
  const prefix = [provider, status, code].filter((part) => part !== undefined && part !== "").join(" ");
  return new ProviderError({
    provider,
    kind,
    status,
    code,
    retryable,
    retryAfterMs: retryAfterMs(flat),
    requestId: requestIdFrom(flat),
    message: redactSecrets(`${prefix}: ${clip(text)}`, secrets),
  });
}

function parseIfJson(body: unknown): unknown {
  if (typeof body !== "string") return body;
  const trimmed = body.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return trimmed;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

function errorDetails(body: unknown): ErrorDetails {
  if (typeof body === "string") return { message: textMessage(body) };
  if (Array.isArray(body)) return errorDetails(body[0]);
  if (!isRecord(body)) return {};
  const error = body.error;
  if (isRecord(error)) return fromErrorObject(error);
  if (typeof error === "string")
    return { message: stringField(body, "message") ?? error, code: codeOf(body) };
  const message = stringField(body, "message") ?? detailMessage(body.detail);
  return { message, code: codeOf(body) };
}

function fromErrorObject(error: Record<string, unknown>): ErrorDetails {
  const message = stringField(error, "message") ?? detailMessage(error.detail);
  return { message, code: codeOf(error) };
}

/** The most specific string code: OpenAI's `code` beats its `type`; Google's numeric `code` gives way to `status`. */
function codeOf(record: Record<string, unknown>): string | undefined {
  const type = stringField(record, "type");
  // A bare `{"type":"error"}` wrapper says nothing the word "error" in the message would not.
  const usefulType = type === "error" ? undefined : type;
  return stringField(record, "code") ?? usefulType ?? stringField(record, "status") ?? awsType(record);
}

function awsType(record: Record<string, unknown>): string | undefined {
  const type = stringField(record, "__type");
  return type?.split("#").pop();
}

/** Bedrock names the error in a header: `x-amzn-errortype: ValidationException:http://…`. */
function awsErrorType(headers: Record<string, string>): string | undefined {
  const type = headers["x-amzn-errortype"];
  return type ? type.split(":")[0] : undefined;
}

/** FastAPI-style `detail`: a string, or a list of validation problems. */
function detailMessage(detail: unknown): string | undefined {
  if (typeof detail === "string") return detail;
  if (detail === undefined || detail === null) return undefined;
  return JSON.stringify(detail);
}

function textMessage(text: string): string | undefined {
  const collapsed = text.replace(/\s+/g, " ").trim();
  return collapsed.length > 0 ? collapsed : undefined;
}

function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function errorKind(status: number | undefined, code: string | undefined, message: string): ProviderErrorKind {
  const overflow = CONTEXT_OVERFLOW.some((pattern) => pattern.test(message) || (code && pattern.test(code)));
  if (status === undefined) return kindFromCode(code, overflow);
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if ((status === 400 || status === 413) && overflow) return "context_overflow";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  return "invalid_request";
}

/** A mid-stream error has no status of its own; its code says what happened. */
function kindFromCode(code: string | undefined, overflow: boolean): ProviderErrorKind {
  if (overflow) return "context_overflow";
  const lower = code?.toLowerCase() ?? "";
  if (lower.includes("rate_limit") || lower.includes("resource_exhausted") || lower.includes("quota")) {
    return "rate_limit";
  }
  if (lower.includes("auth") || lower.includes("permission")) return "auth";
  if (lower.includes("invalid") || lower.includes("not_found")) return "invalid_request";
  return "server";
}

function retryableFor(
  status: number | undefined,
  kind: ProviderErrorKind,
  code: string | undefined,
): boolean {
  if (code && NOT_RETRYABLE_CODES.has(code)) return false;
  if (status !== undefined) return isRetryableStatus(status);
  return kind === "rate_limit" || kind === "server";
}
