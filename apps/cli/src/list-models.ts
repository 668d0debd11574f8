import type { Model } from "@elyra/provider-kit";
import type { Registry } from "@elyra/registry";
import { fuzzyScore } from "./fuzzy.js";
import { type Io, stdoutStyles } from "./io.js";

/** `elyra --list-models [filter] [--all] [--json]`: models of providers with a credential, or of all. */
export async function listModels(
  registry: Registry,
  options: { filter?: string; all: boolean; json: boolean },
  io: Io,
): Promise<number> {
  // Without --all, only the ready providers' models are read: each provider's catalog file loads on first use.
  const ready = options.all
    ? undefined
    : (await registry.status()).filter((s) => s.ready).map((s) => s.provider);
  let models = ready
    ? (await Promise.all(ready.map((provider) => registry.models(provider)))).flat()
    : await registry.models();
  if (options.filter) models = filterModels(models, options.filter);
  if (options.json) {
    io.stdout(`${JSON.stringify(models, null, 2)}\n`);
    return 0;
  }
  if (models.length === 0) {
    io.stdout(emptyMessage(options, ready?.length ?? 0));
    return 0;
  }
  io.stdout(table(models, io));
  return 0;
}

function filterModels(models: Model[], filter: string): Model[] {
  return models
    .map((model) => ({ model, score: fuzzyScore(filter, `${model.provider}/${model.id} ${model.name}`) }))
    .filter((entry) => entry.score >= 100)
    .map((entry) => entry.model);
}

function emptyMessage(options: { filter?: string; all: boolean }, providers: number): string {
  if (options.filter) return `No model matches "${options.filter}".\n`;
  if (!options.all && providers === 0) {
    return 'No provider has a credential yet, so there is nothing to list. "elyra --list-models --all" lists every model; "elyra login" adds a key.\n';
  }
  return "No models.\n";
}

function table(models: Model[], io: Io): string {
  const style = stdoutStyles(io);
  const rows = models.map((m) => [
    `${m.provider}/${m.id}`,
    formatTokens(m.contextWindow),
    formatTokens(m.maxTokens),
    m.reasoning ? "yes" : "",
    m.input.includes("image") ? "yes" : "",
    m.cost.input === 0 && m.cost.output === 0 ? "" : `$${m.cost.input}/$${m.cost.output}`,
  ]);
  const header = ["model", "context", "output", "thinking", "images", "$/1M in/out"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return `${style.bold(line(header))}\n${rows.map(line).join("\n")}\n`;
}

function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${Math.round(n / 1000)}K`;
  return String(n);
}
