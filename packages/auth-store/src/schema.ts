// `* as z`, not `{ z }`: a bundler can then leave out what is not used, such as zod's 60-odd locales.
import * as z from "zod";
import type { Credential, OAuthCredential } from "./credential.js";

// Messages are written here, not taken from zod: zod's wording may change, and must never echo a value.
const secret = z
  .string({ error: (issue) => (issue.input === undefined ? "is missing" : "must be a string") })
  .min(1, { error: "must not be empty" });

const epochMs = z.number({
  error: (issue) => (issue.input === undefined ? "is missing" : "must be a number (epoch milliseconds)"),
});

// looseObject: fields this version does not know (account ids, scopes, …) are read and written back as is.
const apiKeyCredential = z.looseObject({ type: z.literal("api_key"), key: secret });

const oauthCredential = z.looseObject({
  type: z.literal("oauth"),
  access: secret,
  refresh: secret,
  expires: epochMs,
});

const credential = z.discriminatedUnion("type", [apiKeyCredential, oauthCredential], {
  error: (issue) => (isRecord(issue.input) ? 'must be "api_key" or "oauth"' : "must be an object"),
});

function isRecord(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface SchemaProblem {
  /** The field at fault, or undefined when the value as a whole is wrong. */
  field?: string;
  /** `"anthropic".type must be "api_key" or "oauth"`, with `label` in place of `"anthropic"`. */
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: SchemaProblem[] };

/** Checks one credential; `label` names it in the messages. */
export function checkCredential(value: unknown, label: string): Checked<Credential> {
  return check(credential, value, label);
}

export function checkOAuthCredential(value: unknown, label: string): Checked<OAuthCredential> {
  return check(oauthCredential, value, label);
}

function check<T>(schema: z.ZodType<T>, value: unknown, label: string): Checked<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => describe(issue, label)) };
}

function describe(issue: z.core.$ZodIssue, label: string): SchemaProblem {
  if (issue.path.length === 0) return { message: `${label} ${issue.message}` };
  const field = issue.path.map(String).join(".");
  return { field, message: `${label}.${field} ${issue.message}` };
}
