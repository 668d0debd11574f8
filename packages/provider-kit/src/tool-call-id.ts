import { createHash } from "node:crypto";

export interface SanitizeToolCallIdOptions {
  maxLength: number;
  /** Matches one allowed character, e.g. /[a-zA-Z0-9_-]/. */
  allowed: RegExp;
}

const HASH_LENGTH = 8;

/**
 * A tool-call id the target accepts: illegal characters become `_`, and any id that had to change gets a
 * short hash of the original appended (truncating first when needed), so two ids that differ only in
 * illegal characters or beyond the length limit stay distinct. Valid ids pass unchanged, which makes the
 * function idempotent.
 */
export function sanitizeToolCallId(id: string, options: SanitizeToolCallIdOptions): string {
  const allowed = new RegExp(options.allowed.source, options.allowed.flags.replace(/[gy]/g, ""));
  let cleaned = "";
  for (const char of id) cleaned += allowed.test(char) ? char : "_";
  if (cleaned === id && id.length > 0 && id.length <= options.maxLength) return id;
  const suffix = `_${hash(id, HASH_LENGTH)}`;
  if (options.maxLength <= suffix.length) return hash(id, options.maxLength);
  return cleaned.slice(0, options.maxLength - suffix.length) + suffix;
}

export type ToolCallIdPattern = "anthropic" | "mistral" | "openai-responses";

/**
 * Ready-made normalisers for `transformMessages`:
 * - anthropic: `^[a-zA-Z0-9_-]+$`, at most 64 characters;
 * - mistral: exactly 9 alphanumeric characters;
 * - openai-responses: a `call_` id of `[a-zA-Z0-9_-]`, at most 64 characters (the wire API pairs it with
 *   an `fc_` item id of its own).
 */
export function toolCallIdNormalizer(pattern: ToolCallIdPattern): (id: string) => string {
  switch (pattern) {
    case "anthropic":
      return (id) => sanitizeToolCallId(id, { maxLength: 64, allowed: /[a-zA-Z0-9_-]/ });
    case "mistral":
      return (id) => (/^[a-zA-Z0-9]{9}$/.test(id) ? id : hash(id, 9));
    case "openai-responses":
      return (id) => sanitizeToolCallId(id.startsWith("call_") ? id : `call_${id}`, RESPONSES_ID);
  }
}

const RESPONSES_ID: SanitizeToolCallIdOptions = { maxLength: 64, allowed: /[a-zA-Z0-9_-]/ };

/** `length` hex characters of the id's SHA-256: stable across runs and processes. */
function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}
