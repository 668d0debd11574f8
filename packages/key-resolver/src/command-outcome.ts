import { KeyResolutionError, type KeyResolutionErrorDetails } from "./errors.js";
import type { KeyResolutionReason } from "./index.js";
import { type CommandOutcome, MAX_STDOUT_BYTES } from "./run-command.js";

/** A command as the user wrote it, and where it ran: everything an error message about it may say. */
export interface CommandSpec {
  /** Without the `!`. */
  readonly command: string;
  /** As written, with the `!`. */
  readonly label: string;
  readonly cwd: string;
}

// 127 is "command not found" for POSIX shells, 9009 for cmd.exe.
const NOT_FOUND_EXIT_CODES = new Set([127, 9009]);
const STDOUT_LIMIT = `${MAX_STDOUT_BYTES / 1024 / 1024} MiB`;
const MAX_STDERR_LINE_LENGTH = 300;
// Redaction works on a longer piece than is shown, so that a secret running across the cut is still caught.
const REDACTION_WINDOW = 4 * MAX_STDERR_LINE_LENGTH;
// A stdout line shorter than this is not worth hiding from stderr, and hiding it would garble the message.
const MIN_REDACTED_LENGTH = 4;

/** The key a finished command printed, or the error saying why there is none; stdout never goes in it. */
export function keyFromOutcome(spec: CommandSpec, outcome: CommandOutcome): string {
  const { exitCode, signal, spawnError } = outcome;
  if (spawnError) {
    // Only the code: a spawn error's message can quote an option's value, and env values are secrets.
    const code = spawnError.code ?? spawnError.name;
    return fail(spec, "spawn-failed", `could not be started in ${spec.cwd} (${code})`);
  }
  if (outcome.overflow) return fail(spec, "output-too-large", `printed more than ${STDOUT_LIMIT} on stdout`);
  const stderr = firstStderrLine(outcome);
  // Node gives either an exit code or a signal; both null does not happen, and is read as a kill.
  if (signal !== null || exitCode === null) {
    return fail(spec, "signal", `was killed by ${signal ?? "a signal"}${stderr}`, signal ? { signal } : {});
  }
  if (NOT_FOUND_EXIT_CODES.has(exitCode)) {
    return fail(spec, "not-found", `failed: command not found (exit code ${exitCode})${stderr}`, {
      exitCode,
    });
  }
  if (exitCode !== 0) return fail(spec, "exit", `exited with code ${exitCode}${stderr}`, { exitCode });
  // Trailing only: the newline every command ends with. Leading whitespace is part of what was printed.
  const key = outcome.stdout.trimEnd();
  if (key !== "") return key;
  return fail(spec, "empty", `printed nothing on stdout (exit code 0)${stderr}`, { exitCode });
}

/** The error for `spec`; `text` follows the quoted command: `Key command "!x" exited with code 1`. */
export function commandError(
  spec: CommandSpec,
  reason: KeyResolutionReason,
  text: string,
  details: Partial<KeyResolutionErrorDetails> = {},
): KeyResolutionError {
  return new KeyResolutionError(`Key command ${JSON.stringify(spec.label)} ${text}`, {
    ...details,
    reason,
    kind: "command",
    label: spec.label,
    command: spec.command,
  });
}

function fail(
  spec: CommandSpec,
  reason: KeyResolutionReason,
  text: string,
  details?: Partial<KeyResolutionErrorDetails>,
): never {
  throw commandError(spec, reason, text, details);
}

/** `: <first non-blank stderr line>`, made safe for a terminal and with anything stdout printed cut out. */
function firstStderrLine({ stderr, stdout }: CommandOutcome): string {
  const line = stderr
    .split("\n")
    .map((each) => printable(each).trim())
    .find((each) => each !== "");
  if (line === undefined) return "";
  const redacted = hideStdout(line.slice(0, REDACTION_WINDOW), stdout);
  const short =
    redacted.length > MAX_STDERR_LINE_LENGTH ? `${redacted.slice(0, MAX_STDERR_LINE_LENGTH)}…` : redacted;
  return `: ${short}`;
}

// A command that fails after printing the key may echo it to stderr too (set -x, a tool's debug output).
function hideStdout(line: string, stdout: string): string {
  let result = line;
  const secrets = new Set(stdout.split("\n").map((each) => printable(each).trim()));
  for (const secret of secrets) {
    if (secret.length >= MIN_REDACTED_LENGTH && secret.length <= line.length) {
      result = result.replaceAll(secret, "[redacted]");
    }
  }
  return result;
}

// Terminal escapes and control characters from a command's stderr must not reach the user's terminal.
function printable(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/[\x00-\x1f\x7f-\x9f]/g, " ")
    .replace(/ {2,}/g, " ");
}
