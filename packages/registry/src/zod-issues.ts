import type { z } from "zod";
import type { JsonPath } from "./json-location.js";
import { didYouMean } from "./suggest.js";

/** One schema violation, in words a user can act on, with where it is. */
export interface FieldIssue {
  path: JsonPath;
  /** Point at the key (an unknown or invalid key) or at the value. */
  at: "key" | "value";
  message: string;
}

/**
 * Turns zod's issues into FieldIssues. `data` is what was validated (to say what was found), `schema` the
 * schema it was validated against (to list the keys that would have been accepted). Messages never quote a
 * string value from the file, which might be a key.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  schema: z.ZodType,
): FieldIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, data, schema));
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, schema: z.ZodType): FieldIssue[] {
  const path = issue.path as JsonPath;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => unknownKey([...path, key], knownKeys(schema, path)));
    case "invalid_type":
      return [{ path, at: "value", message: wrongType(issue.expected, valueAt(data, path)) }];
    case "invalid_value":
      return [{ path, at: "value", message: notAllowed(issue.values, valueAt(data, path)) }];
    case "too_small":
      return [{ path, at: "value", message: tooSmall(issue) }];
    case "invalid_key":
      return [{ path, at: "key", message: issue.issues[0]?.message ?? "invalid key" }];
    case "invalid_format":
      return [{ path, at: "value", message: issue.message ?? `must be a valid ${issue.format}` }];
    default:
      return [{ path, at: "value", message: issue.message }];
  }
}

function unknownKey(path: JsonPath, known: string[]): FieldIssue {
  const key = String(path[path.length - 1]);
  const what = path[path.length - 2] === "compat" ? "compat flag" : "key";
  const hint = didYouMean(key, known) || (known.length > 0 ? `; expected one of: ${known.join(", ")}` : "");
  return { path, at: "key", message: `unknown ${what}${hint}` };
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "an array",
};

function wrongType(expected: string, found: unknown): string {
  const wanted = TYPE_WORDS[expected] ?? expected;
  if (found === undefined) return `is required (${wanted})`;
  // A number is shown only where a number belongs: elsewhere (an apiKey written as 12345678) it may be a secret.
  const numeric = (expected === "int" || expected === "number") && typeof found === "number";
  return `expected ${wanted}, got ${numeric ? String(found) : describeValue(found)}`;
}

function notAllowed(values: readonly unknown[], found: unknown): string {
  const allowed = values.map((value) => JSON.stringify(value)).join(", ");
  const hint = typeof found === "string" ? didYouMean(found, values.map(String)) : "";
  return `must be one of ${allowed}${hint}`;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  if (issue.origin === "string" || issue.origin === "array") return "must not be empty";
  const bound = Number(issue.minimum);
  if (issue.inclusive) return bound === 0 ? "must not be negative" : `must be at least ${bound}`;
  return bound === 0 ? "must be greater than 0" : `must be greater than ${bound}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return String(value);
  return typeof value;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The keys an object schema at `path` accepts, found by walking the schema the way the data was walked. */
function knownKeys(schema: z.ZodType, path: JsonPath): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of path) {
    current = child(unwrap(current), segment);
    if (!current) return [];
  }
  const def = unwrap(current)?._zod.def;
  return def?.type === "object" ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function child(schema: z.core.$ZodType | undefined, segment: string | number): z.core.$ZodType | undefined {
  const def = schema?._zod.def;
  if (def?.type === "object") return (def as z.core.$ZodObjectDef).shape[segment];
  if (def?.type === "record") return (def as z.core.$ZodRecordDef).valueType;
  if (def?.type === "array") return (def as z.core.$ZodArrayDef).element;
  return undefined;
}

// Optional, default and refinement wrappers hide the object schema; the walk looks through them.
function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
  return current;
}

/** `providers.ollama.models[0].id`; keys that are not identifiers are bracketed: `providers["my proxy"]`. */
export function formatPath(path: JsonPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
