import { parseArgs } from "node:util";

export type OutputMode = "text" | "json";

export interface RunFlags {
  provider?: string;
  model?: string;
  apiKey?: string;
  mode: OutputMode;
  tools: boolean;
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "list-models"; filter?: string; all: boolean; json: boolean }
  | { kind: "login"; provider?: string }
  | { kind: "logout"; provider?: string }
  | { kind: "auth-status"; json: boolean }
  | { kind: "print"; prompt?: string; flags: RunFlags }
  | { kind: "interactive"; prompt?: string; flags: RunFlags };

/** A mistake in how elyra was called: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  override name = "UsageError";
}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  print: { type: "boolean", short: "p" },
  provider: { type: "string" },
  model: { type: "string", short: "m" },
  "api-key": { type: "string" },
  mode: { type: "string" },
  "no-tools": { type: "boolean" },
  "list-models": { type: "boolean" },
  all: { type: "boolean" },
  json: { type: "boolean" },
} as const;

export function parseCommand(argv: string[]): Command {
  const { values, positionals } = parse(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (values["list-models"]) {
    if (positionals.length > 1) throw new UsageError("--list-models takes at most one filter");
    return {
      kind: "list-models",
      filter: positionals[0],
      all: values.all ?? false,
      json: values.json ?? false,
    };
  }
  const [first, ...rest] = positionals;
  if (first === "login" || first === "logout") return accountCommand(first, rest);
  if (first === "auth") return authCommand(rest, values.json ?? false);
  const flags = runFlags(values);
  const prompt = positionals.length > 0 ? positionals.join(" ") : undefined;
  return values.print ? { kind: "print", prompt, flags } : { kind: "interactive", prompt, flags };
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

function accountCommand(kind: "login" | "logout", rest: string[]): Command {
  if (rest.length > 1) throw new UsageError(`${kind} takes at most one provider`);
  return { kind, provider: rest[0] };
}

function authCommand(rest: string[], json: boolean): Command {
  if (rest[0] !== "status" || rest.length > 1)
    throw new UsageError('unknown auth command; try "elyra auth status"');
  return { kind: "auth-status", json };
}

function runFlags(values: ReturnType<typeof parse>["values"]): RunFlags {
  const mode = values.mode ?? "text";
  if (mode !== "text" && mode !== "json")
    throw new UsageError(`--mode must be "text" or "json", not "${mode}"`);
  if (values.all || values.json)
    throw new UsageError("--all and --json go with --list-models (or auth status)");
  return {
    provider: values.provider,
    model: values.model,
    apiKey: values["api-key"],
    mode,
    tools: !values["no-tools"],
  };
}
