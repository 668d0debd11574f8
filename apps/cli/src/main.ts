import type { Registry } from "@elyra/registry";
import { type Command, parseCommand, UsageError } from "./args.js";
import { HELP } from "./help.js";
import { type Io, processIo, readPipedStdin, stderrStyles } from "./io.js";
import { NoCredentialError } from "./model-choice.js";
import { VERSION } from "./version.js";

export type { Io } from "./io.js";

/** Runs one command line and returns the exit code: 0 success, 1 runtime failure, 2 usage or configuration error. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    return await dispatch(parseCommand(argv), io);
  } catch (error) {
    return report(error, io);
  }
}

async function dispatch(command: Command, io: Io): Promise<number> {
  if (command.kind === "help") return write(io, HELP);
  if (command.kind === "version") return write(io, `${VERSION}\n`);
  // Imported here, not at the top, so --help costs no more than bare node.
  const { createRegistry } = await import("@elyra/registry");
  const registry = createRegistry({ env: io.env, cwd: io.cwd });
  switch (command.kind) {
    case "list-models":
      return (await import("./list-models.js")).listModels(registry, command, io);
    case "auth-status":
      return (await import("./accounts.js")).authStatus(registry, command.json, io);
    case "login":
      return login(registry, command.provider, io);
    case "logout":
      return logout(registry, command.provider, io);
    case "print":
      return (await import("./print-mode.js")).printMode(registry, command.prompt, command.flags, io);
    case "interactive":
      return interactive(registry, command, io);
  }
}

async function login(registry: Registry, provider: string | undefined, io: Io): Promise<number> {
  if (!io.stdin.isTTY) {
    const key = (await readPipedStdin(io)) ?? "";
    return (await import("./accounts.js")).loginFromStdin(registry, provider, key, io);
  }
  return (await import("./interactive.js")).loginCommand(registry, provider, io);
}

async function logout(registry: Registry, provider: string | undefined, io: Io): Promise<number> {
  if (provider) return (await import("./accounts.js")).logoutCommand(registry, provider, io);
  if (!io.stdin.isTTY)
    throw new UsageError("logout without a terminal needs the provider: elyra logout PROVIDER");
  return (await import("./interactive.js")).logoutPicker(registry, io);
}

async function interactive(
  registry: Registry,
  command: Extract<Command, { kind: "interactive" }>,
  io: Io,
): Promise<number> {
  if (!io.stdin.isTTY || !io.stdoutIsTTY) {
    throw new UsageError(
      'interactive mode needs a terminal; use print mode instead: elyra -p "…" (stdin is read when piped)',
    );
  }
  return (await import("./interactive.js")).interactiveMode(registry, command.prompt, command.flags, io);
}

function write(io: Io, text: string): number {
  io.stdout(text);
  return 0;
}

function report(error: unknown, io: Io): number {
  const style = stderrStyles(io);
  if (error instanceof UsageError) {
    io.stderr(`${style.red("elyra:")} ${error.message}\nRun "elyra --help" for usage.\n`);
    return 2;
  }
  if (error instanceof NoCredentialError) {
    io.stderr(`${style.red("elyra:")} ${error.message}\n`);
    return 2;
  }
  const named = error as { name?: string; message?: string };
  // Configuration the user can fix (auth.json, models.json, a key command): exit 2 like a usage error.
  // Matched by name so that reporting an error does not import the packages that define them.
  if (
    named.name === "AuthFileError" ||
    named.name === "RegistryError" ||
    named.name === "KeyResolutionError"
  ) {
    io.stderr(`${style.red("elyra:")} ${named.message}\n`);
    return 2;
  }
  io.stderr(`${style.red("elyra:")} ${named.message ?? String(error)}\n`);
  return 1;
}
