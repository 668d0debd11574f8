import type { ProviderPlugin } from "@elyra/provider-kit";
import { VERSION } from "./version.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const HELP = `elyra ${VERSION} — a terminal coding agent for many LLM providers

Usage:
  elyra --version        print the version
  elyra providers        list the providers this build knows
  elyra --help           this text

The agent itself (interactive and print mode) is not built yet.
`;

/** Built-in plugins, loaded only when a command needs them. */
async function builtinPlugins(): Promise<ProviderPlugin[]> {
  const modules = await Promise.all([
    import("@elyra/provider-anthropic"),
    import("@elyra/provider-openai"),
    import("@elyra/provider-google"),
  ]);
  return modules.map((module) => module.default);
}

async function listProviders(io: Io): Promise<number> {
  const plugins = await builtinPlugins();
  const rows = plugins.flatMap((plugin) => plugin.providers ?? []);
  const width = Math.max(...rows.map((row) => row.id.length));
  io.stdout(`elyra ${VERSION}\n\nProviders:\n`);
  for (const row of rows) {
    io.stdout(`  ${row.id.padEnd(width)}  ${row.name}  (${row.api}; key: ${row.env.join(" or ") || "none"})\n`);
  }
  return 0;
}

/** Runs one command line and returns the exit code: 0 success, 1 runtime failure, 2 usage error. */
export async function main(args: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === "--version" || command === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (command === "--help" || command === "-h") {
    io.stdout(HELP);
    return 0;
  }
  if (command === undefined || command === "providers") {
    if (rest.length > 0) return usageError(io, `unexpected argument: ${rest[0]}`);
    return listProviders(io);
  }
  return usageError(io, `unknown command: ${command}`);
}

function usageError(io: Io, message: string): number {
  io.stderr(`elyra: ${message}\nRun "elyra --help" for usage.\n`);
  return 2;
}
