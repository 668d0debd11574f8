import type { Registry } from "@elyra/registry";
import { UsageError } from "./args.js";
import { nearest } from "./fuzzy.js";

/** Throws a usage error with the nearest provider ids when `id` is not one the registry knows. */
export async function requireProvider(registry: Registry, id: string): Promise<void> {
  const ids = (await registry.providers()).map((p) => p.id);
  if (ids.includes(id)) return;
  const close = nearest(id, ids);
  const hint = close.length > 0 ? ` Did you mean ${close.map((n) => `"${n}"`).join(", ")}?` : "";
  throw new UsageError(`unknown provider "${id}".${hint} Run "elyra auth status" to list providers.`);
}
