import { describeKeySpec } from "./describe.js";
import { KeyResolutionError } from "./errors.js";
import type { ResolveKeyOptions } from "./index.js";
import { isVariableName, type KeySpec, readKeySpec } from "./key-spec.js";
import { resolveCommand } from "./resolve-command.js";

/**
 * Resolves a key spec to the key:
 * - `"!command"`: the command's stdout, trailing whitespace removed. Run through `/bin/sh -c` (cmd.exe on
 *   Windows) with stdin closed; cached for the process's life on success; concurrent calls share one run.
 * - a variable's name that is set and non-empty in `options.env ?? process.env`: its value.
 * - anything else: the spec itself, except that an upper-snake-case name (`MY_ANTHROPIC_KEY`) that is not set
 *   is an error rather than a key.
 *
 * Rejects with `KeyResolutionError`, whose message never holds a command's stdout or a literal key.
 */
export async function resolveKey(spec: string, options: ResolveKeyOptions = {}): Promise<string> {
  const parsed = readKeySpec(spec);
  if (parsed.text === "") throw emptySpecError(spec);
  if (parsed.kind !== "command") return fromEnvOrLiteral(parsed, options.env ?? process.env);
  if (parsed.command === "") throw emptyCommandError();
  return resolveCommand(parsed.command, parsed.text, options);
}

function fromEnvOrLiteral(spec: KeySpec, env: NodeJS.ProcessEnv): string {
  const value = isVariableName(spec.text) ? env[spec.text] : undefined;
  // Whitespace is never a key: a variable holding only that counts as unset.
  if (value !== undefined && value.trim() !== "") return value;
  if (spec.kind === "literal") return spec.text;
  return unsetEnv(spec.text, value === undefined ? "not set" : "empty");
}

function unsetEnv(name: string, state: "not set" | "empty"): never {
  const hint = 'Set it, or write the key itself or a "!command" that prints it.';
  throw new KeyResolutionError(`Key names environment variable ${name}, which is ${state}. ${hint}`, {
    reason: "unset-env",
    kind: "env",
    label: name,
    variable: name,
  });
}

function emptySpecError(spec: string): KeyResolutionError {
  const hint = 'Write the key, the name of an environment variable that holds it, or "!command" to print it.';
  return new KeyResolutionError(`Key is empty. ${hint}`, {
    reason: "empty-spec",
    kind: "literal",
    label: describeKeySpec(spec).label,
  });
}

function emptyCommandError(): KeyResolutionError {
  const hint = 'Write the command after the "!", as in "!op read op://vault/item/credential".';
  return new KeyResolutionError(`Key command "!" is empty. ${hint}`, {
    reason: "empty-command",
    kind: "command",
    label: "!",
    command: "",
  });
}
