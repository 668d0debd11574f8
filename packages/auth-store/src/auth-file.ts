import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Credential } from "./credential.js";
import { AuthFileError } from "./errors.js";
import { findJsonSyntaxProblem } from "./json-syntax.js";

/** The entries of auth.json in file order. A Map, so that a provider called `__proto__` is just a name. */
export type AuthEntries = Map<string, Credential>;

/** Reads and validates auth.json. A missing file is an empty store; anything invalid is `AuthFileError`. */
export async function readAuthFile(path: string): Promise<AuthEntries> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new AuthFileError(`${path}: cannot be read (${code}); check that it is a file you may read.`, {
      path,
      cause: error,
    });
  }
  return parseAuthFile(text, path);
}

/** Parses and validates the text of auth.json; the schema (and with it zod) is imported only for entries to check. */
export async function parseAuthFile(text: string, path: string): Promise<AuthEntries> {
  // An empty file holds no data to lose; `touch auth.json` should not stop `elyra login`.
  if (text.trim() === "" || text === "\uFEFF") return new Map();
  const data = parseJson(text, path);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new AuthFileError(
      `${path}: must be a JSON object of the form {"<provider>": {"type": …}}. ` +
        `Fix the file or delete it, then run \`elyra login\`.`,
      { path },
    );
  }
  const entries: AuthEntries = new Map();
  if (Object.keys(data).length === 0) return entries;
  const { checkCredential } = await import("./schema.js");
  for (const [provider, value] of Object.entries(data)) {
    const checked = checkCredential(value, `${basename(path)}: ${JSON.stringify(provider)}`);
    if (!checked.ok) throw invalidEntry(path, provider, checked.problems);
    entries.set(provider, checked.value);
  }
  return entries;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch {
    // The parser's own message is not used: it can quote the file's text, which may be a key.
    const { line, column, reason } = findJsonSyntaxProblem(text);
    throw new AuthFileError(
      `${path}:${line}:${column}: not valid JSON (${reason}). ` +
        `Fix the file at line ${line}, column ${column}, or delete it, then run \`elyra login\`.`,
      { path, line, column },
    );
  }
}

function invalidEntry(path: string, provider: string, problems: { field?: string; message: string }[]) {
  const quoted = JSON.stringify(provider);
  const what = problems.map((problem) => problem.message).join("; ");
  return new AuthFileError(`${what} (in ${path}). Fix or delete the ${quoted} entry${loginHint(provider)}.`, {
    path,
    provider,
    field: problems[0]?.field,
  });
}

function loginHint(provider: string): string {
  // Only a plain id is pasted into a command line; anything else could be mangled by the shell.
  return /^[\w.-]+$/.test(provider) ? `; run \`elyra login ${provider}\` to sign in again` : "";
}
