import type { OAuthCredential } from "./credential.js";
import { OAuthRefreshError } from "./errors.js";

const MAX_REASON_LENGTH = 300;
// An OAuth error code (RFC 6749 §5.2) or a system error code; anything else is not trusted to be a code.
const CODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Wraps whatever a refresh threw into an `OAuthRefreshError` that says why: the HTTP status and error code it
 * carried, and its message with every secret of `credential` cut out: not every refresh function is careful.
 */
export function refreshFailed(
  provider: string,
  credential: OAuthCredential,
  error: unknown,
): OAuthRefreshError {
  const status = statusOf(error);
  const code = codeOf(error);
  const details = [status === undefined ? "" : `HTTP ${status}`, code ?? ""].filter(Boolean).join(" ");
  const message =
    `Refreshing the OAuth token for ${JSON.stringify(provider)} failed${details ? ` (${details})` : ""}: ` +
    `${reasonOf(error)}. The stored credential is unchanged; ${advice(provider, status, code)}.`;
  return new OAuthRefreshError(redact(message, secretsOf(credential)), {
    provider,
    status,
    code,
    cause: error,
  });
}

function advice(provider: string, status: number | undefined, code: string | undefined): string {
  const login = `\`elyra login ${provider}\``;
  // The server refused the refresh token itself: retrying will not help, signing in again will.
  const refused = code === "invalid_grant" || status === 400 || status === 401;
  return refused ? `run ${login} to sign in again` : `try again, or run ${login} if it keeps failing`;
}

/** `apiKey()` without a refresh function found an access token that has expired or is about to. */
export function expiredWithoutRefresh(provider: string): OAuthRefreshError {
  return new OAuthRefreshError(
    `The OAuth token for ${JSON.stringify(provider)} has expired and no refresh function was given: ` +
      `pass the provider's refresh to apiKey() or use oauthAccess(), or run \`elyra login ${provider}\`.`,
    { provider },
  );
}

function statusOf(error: unknown): number | undefined {
  const candidates = [
    field(error, "status"),
    field(error, "statusCode"),
    field(field(error, "response"), "status"),
  ];
  return candidates.find(
    (value): value is number =>
      typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599,
  );
}

function codeOf(error: unknown): string | undefined {
  const candidates = [field(error, "code"), field(error, "error"), field(field(error, "body"), "error")];
  return candidates.find((value): value is string => typeof value === "string" && CODE_PATTERN.test(value));
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  const oneLine = text.replace(/\s+/g, " ").trim() || "the refresh function gave no reason";
  return oneLine.length > MAX_REASON_LENGTH ? `${oneLine.slice(0, MAX_REASON_LENGTH)}…` : oneLine;
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** Every string of the credential long enough to be a secret, as written and as it would appear in a URL. */
function secretsOf(credential: OAuthCredential): string[] {
  const values = Object.entries(credential)
    .filter(([name, value]) => name !== "type" && typeof value === "string" && value.length >= 8)
    .map(([, value]) => value as string);
  const all = new Set(values.flatMap((value) => [value, encodeURIComponent(value)]));
  // Longest first, so that a secret containing another is cut out whole.
  return [...all].sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret) => result.replaceAll(secret, "[redacted]"), text);
}
