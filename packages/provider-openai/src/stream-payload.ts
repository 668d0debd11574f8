import { ProviderError, providerErrorFromBody } from "@elyra/provider-kit";

/** A decoded JSON object from one SSE `data:` field. Fields are checked where they are read. */
export type Payload = Record<string, unknown>;

/** `readEventData`'s answer for the `[DONE]` sentinel. */
export const DONE = Symbol("[DONE]");
const OPEN_BRACE = 123;

/**
 * Reads one event's data: a JSON object, `DONE`, or undefined for an empty event. Both OpenAI APIs send
 * one JSON object per event and some servers end with `data: [DONE]`. An event named `error` (Groq)
 * whose data is not JSON is still an error: its text is the provider's message. Any other non-JSON data
 * is a protocol error, never silently dropped text. (No wrapper object: this runs once per delta.)
 */
export function readEventData(
  event: string,
  data: string,
  provider: string,
  secrets: string[],
): Payload | typeof DONE | undefined {
  if (data.charCodeAt(0) !== OPEN_BRACE) {
    const trimmed = data.trim();
    if (trimmed.length === 0) return undefined;
    if (trimmed === "[DONE]") return DONE;
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    if (event === "error") throw providerErrorFromBody(provider, undefined, data, undefined, secrets);
    throw protocolError(provider, `the stream sent an event that is not JSON: ${clip(data)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw protocolError(provider, `the stream sent an event that is not a JSON object: ${clip(data)}`);
  }
  return value as Payload;
}

/**
 * The ProviderError for an error object inside a stream. There is no HTTP status (the response was a
 * 200), but some servers put the status they meant inside the error (Groq `status_code`, OpenRouter's
 * numeric `code`); with it the error is classified as the HTTP error it stands for.
 */
export function streamError(provider: string, payload: Payload, secrets: string[]): ProviderError {
  return providerErrorFromBody(provider, embeddedStatus(payload), payload, undefined, secrets);
}

function embeddedStatus(payload: Payload): number | undefined {
  const error = isRecord(payload.error) ? payload.error : payload;
  for (const value of [error.status_code, error.status, error.code]) {
    if (typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599) return value;
  }
  return undefined;
}

function protocolError(provider: string, detail: string): ProviderError {
  return new ProviderError({
    provider,
    kind: "protocol",
    retryable: false,
    message: `${provider}: ${detail}`,
  });
}

/** The error for a body that ended before the response said it was complete. */
export function truncatedError(provider: string): ProviderError {
  // A cut connection is worth another try; the partial message is kept either way.
  return new ProviderError({
    provider,
    kind: "network",
    retryable: true,
    message: `${provider}: stream ended before the response completed`,
  });
}

export function isRecord(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A finite non-negative token count, or 0. */
export function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
