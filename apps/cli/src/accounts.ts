import { join } from "node:path";
import { AuthStore } from "@elyra/auth-store";
import type { ProviderStatus, Registry } from "@elyra/registry";
import { UsageError } from "./args.js";
import { type Io, stdoutStyles } from "./io.js";
import { requireProvider } from "./provider-names.js";

/** auth.json of this registry's agent directory. */
export function authStore(registry: Registry): Promise<AuthStore> {
  return AuthStore.open(join(registry.agentDir, "auth.json"));
}

export async function storeApiKey(registry: Registry, provider: string, key: string): Promise<string> {
  const trimmed = key.trim();
  if (trimmed.length === 0) throw new UsageError("the API key is empty");
  const store = await authStore(registry);
  await store.set(provider, { type: "api_key", key: trimmed });
  return join(registry.agentDir, "auth.json");
}

/** Removes the stored credential; says what still supplies one (an environment variable, models.json). */
export async function removeCredential(registry: Registry, provider: string): Promise<string> {
  const store = await authStore(registry);
  const removed = await store.remove(provider);
  const after = (await registry.status()).find((s) => s.provider === provider);
  const still = after?.hasCredential
    ? ` ${after.detail ?? after.source} still supplies a key for ${provider}.`
    : "";
  return removed
    ? `Removed the stored credential for ${provider}.${still}`
    : `No credential for ${provider} is stored in auth.json.${still}`;
}

/** `elyra login PROVIDER < key`: for scripts and terminals without a TTY. */
export async function loginFromStdin(
  registry: Registry,
  provider: string | undefined,
  key: string,
  io: Io,
): Promise<number> {
  if (!provider)
    throw new UsageError("login without a terminal needs the provider: elyra login PROVIDER < keyfile");
  await requireProvider(registry, provider);
  const path = await storeApiKey(registry, provider, key);
  io.stdout(`Stored an API key for ${provider} in ${path}\n`);
  return 0;
}

export async function logoutCommand(registry: Registry, provider: string, io: Io): Promise<number> {
  await requireProvider(registry, provider);
  io.stdout(`${await removeCredential(registry, provider)}\n`);
  return 0;
}

export async function authStatus(registry: Registry, json: boolean, io: Io): Promise<number> {
  const status = await registry.status();
  if (json) {
    io.stdout(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  io.stdout(statusTable(status, io));
  return 0;
}

function statusTable(status: ProviderStatus[], io: Io): string {
  const style = stdoutStyles(io);
  const width = Math.max(...status.map((s) => s.provider.length));
  const lines = status.map((s) => {
    const where = s.hasCredential
      ? style.green(`✓ ${s.detail ?? s.source}`)
      : s.required
        ? style.dim("—")
        : style.dim("no key needed");
    const problem = s.problem ? `  ${style.red(s.problem)}` : "";
    return `${s.provider.padEnd(width)}  ${where}${problem}`;
  });
  return `${lines.join("\n")}\n`;
}
