/**
 * Redaction for anything that may leave the process in a log, an error message or `--verbose` output.
 * No part of a secret is ever shown, not even a prefix: a prefix narrows a key's search space and tells
 * an onlooker which account it belongs to.
 */

export const REDACTED = "[redacted]";

/** Header and query-parameter names that carry credentials, by exact name or by what the name contains. */
const SENSITIVE_NAMES = new Set(["authorization", "proxy-authorization", "cf-aig-authorization", "cookie"]);
const SENSITIVE_PARTS = ["authorization", "token", "secret", "key", "password", "signature", "cookie"];

/** Whether a header or query-parameter name carries a credential (case-insensitive). */
export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SENSITIVE_NAMES.has(lower)) return true;
  return SENSITIVE_PARTS.some((part) => lower.includes(part));
}

// "Bearer abc", "Basic abc": the scheme is useful when debugging and secret-free.
const AUTH_SCHEME = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/;

/** A copy with every credential-bearing value replaced by `[redacted]` (keeping an auth scheme). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isSensitiveName(name) ? redactValue(value) : value;
  }
  return out;
}

function redactValue(value: string): string {
  const scheme = AUTH_SCHEME.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

const QUERY_PARAM = /([?&;])([^=&#;]+)=([^&#;]*)/g;
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i;

/** The URL with credential query values (`key=`, `api_key=`, `token=`, …) and any userinfo redacted. */
export function redactUrl(url: string): string {
  const withoutUser = url.replace(USER_INFO, (_all, scheme: string) => `${scheme}${REDACTED}@`);
  return withoutUser.replace(QUERY_PARAM, (all, sep: string, name: string) =>
    isSensitiveName(safeDecode(name)) ? `${sep}${name}=${REDACTED}` : all,
  );
}

/**
 * Shorter values are not treated as secrets: nothing that short is one, and redacting it would garble
 * every message it happens to occur in (a test key "k" would turn "network" into "networ[redacted]").
 */
const MIN_SECRET_LENGTH = 4;

/**
 * Every occurrence of every secret replaced by `[redacted]`. Longer secrets go first so that a secret
 * containing another is not half-replaced; values under 4 characters are ignored.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const ordered = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * The secret values a request carries: credential header values (whole, and without their auth scheme)
 * credential query values (raw and decoded) and a URL password, so that an echo of any of them can be redacted.
 */
export function requestSecrets(url: string, headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isSensitiveName(name) || value.length === 0) continue;
    secrets.push(value);
    const scheme = AUTH_SCHEME.exec(value);
    if (scheme) secrets.push(value.slice(scheme[0].length - 1).trim());
  }
  for (const match of url.matchAll(QUERY_PARAM)) {
    const [, , name, raw] = match;
    if (!name || !raw || !isSensitiveName(safeDecode(name))) continue;
    secrets.push(raw, safeDecode(raw));
  }
  const userInfo = USER_INFO.exec(url)?.[2];
  const password = userInfo?.slice(userInfo.indexOf(":") + 1);
  if (userInfo?.includes(":") && password) secrets.push(password, safeDecode(password));
  return secrets.flatMap((s) => [s, encodeURIComponent(s)]);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
