// @elyra/key-resolver turns what a user writes for a key (in auth.json, models.json or a flag) into the key.
//
//   "!op read op://dev/anthropic/key"   a command, run through the shell; its stdout is the key
//   "ANTHROPIC_API_KEY"                 an environment variable's name; its value is the key
//   "sk-ant-api03-…"                    anything else is the key itself
//
// README.md states the exact rules. Nothing here ever prints a key or a command's stdout.

// ─── Types ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Which of the three forms a key spec is written in. */
export type KeySpecKind = "command" | "env" | "literal";

/** What a key spec is, in words that are safe to print (see `describeKeySpec`). */
export interface KeySpecDescription {
  readonly kind: KeySpecKind;
  /** The command as written (`!op read …`), the variable's name, or a masked literal (`sk-a…(41 chars)`). */
  readonly label: string;
}

export interface ResolveKeyOptions {
  /** Where variables are looked up, and the environment a command runs in. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The working directory of a command. Default: `process.cwd()`. */
  cwd?: string;
  /** How long to wait for a command, in ms. Default 10 000; `Infinity` waits for ever. */
  timeoutMs?: number;
  /** Stops waiting for a command; the command is killed once no caller is waiting for it. */
  signal?: AbortSignal;
}

/** Why a key could not be resolved; `KeyResolutionError.reason`. */
export type KeyResolutionReason =
  /** The spec is empty or only whitespace. */
  | "empty-spec"
  /** The spec is `!` with no command after it. */
  | "empty-command"
  /** The spec names an environment variable (upper snake case) that is unset or empty. */
  | "unset-env"
  /** The command exited with a non-zero code. */
  | "exit"
  /** The shell could not find the command (exit code 127; 9009 on Windows). */
  | "not-found"
  /** The command was killed by a signal it did not get from us. */
  | "signal"
  /** The command did not finish within `timeoutMs`. */
  | "timeout"
  /** The caller's `signal` was aborted. */
  | "aborted"
  /** The command succeeded but printed nothing but whitespace on stdout. */
  | "empty"
  /** The command printed more than 1 MiB on stdout. */
  | "output-too-large"
  /** The shell could not be started (for example, `cwd` does not exist). */
  | "spawn-failed";

// ─── Resolving a key ───────────────────────────────────────────────────────────────────────────────────────
// (Each export has its own heading, which also keeps biome's import sorter from putting them in ABC order.)

/** `resolveKey(spec, options?): Promise<string>`: the key a spec stands for, or a KeyResolutionError. */
export { resolveKey } from "./resolve-key.js";

// ─── Showing a key spec without resolving it ───────────────────────────────────────────────────────────────

/** `describeKeySpec(spec): KeySpecDescription`: the spec's form and a printable label; runs nothing. */
export { describeKeySpec } from "./describe.js";

// ─── The command cache ─────────────────────────────────────────────────────────────────────────────────────

/** `clearKeyCache(): void`: forgets cached command results; the next `resolveKey("!…")` runs its command. */
export { clearKeyCache } from "./command-cache.js";

// ─── Errors ────────────────────────────────────────────────────────────────────────────────────────────────

/** What `resolveKey` rejects with; only arguments of the wrong type or range give TypeError or RangeError. */
export { KeyResolutionError, type KeyResolutionErrorDetails } from "./errors.js";
