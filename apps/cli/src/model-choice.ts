import type { Model } from "@elyra/provider-kit";
import type { ProviderStatus, Registry } from "@elyra/registry";
import { UsageError } from "./args.js";
import { fuzzyScore, nearest } from "./fuzzy.js";
import { requireProvider } from "./provider-names.js";

/** No model could be chosen because nothing has a credential: exit code 2, with how to log in. */
export class NoCredentialError extends Error {
  override name = "NoCredentialError";
}

export interface ModelRequest {
  provider?: string;
  model?: string;
}

export interface ModelChoice {
  model: Model;
  /** Why this model: "--model", "settings.json", or the credential that made its provider first. */
  reason: string;
  /** Set when --model matched fuzzily, so the user sees what was picked. */
  fuzzyFrom?: string;
}

/**
 * `--model` (and `--provider`), else settings.json's default, else the default model of the first provider
 * with a credential. Credentials the user stored (auth.json) come before ambient ones (environment variables),
 * which come before models.json keys and provider-specific lookups (AWS profiles, ADC): a GH_TOKEN or
 * AWS_PROFILE that happens to be set must not win over a key the user stored. Within a rank, the registry's
 * provider order decides.
 */
export async function chooseModel(registry: Registry, request: ModelRequest): Promise<ModelChoice> {
  if (request.provider) await requireProvider(registry, request.provider);
  if (request.model) return byName(registry, request.model, request.provider);
  if (request.provider)
    return { model: await defaultModelOf(registry, request.provider), reason: "--provider" };
  const settings = await registry.settings();
  if (settings.defaultModel || settings.defaultProvider) {
    const fromSettings = await fromSettingsDefault(registry, settings.defaultProvider, settings.defaultModel);
    if (fromSettings) return { model: fromSettings, reason: "settings.json" };
  }
  const first = rankByCredential(await registry.status())[0];
  if (!first) throw new NoCredentialError(noCredentialMessage());
  return {
    model: await defaultModelOf(registry, first.provider),
    reason: first.detail ?? first.source ?? "no key needed",
  };
}

const SOURCE_RANK: Record<string, number> = {
  flag: 0,
  oauth: 1,
  "auth.json": 1,
  env: 2,
  "models.json": 3,
  provider: 4,
};

export function rankByCredential(status: ProviderStatus[]): ProviderStatus[] {
  // A provider that needs no key (a local server in models.json) is usable too, ranked with models.json.
  const usable = status.filter((s) => s.ready && !s.problem);
  return usable
    .map((s, order) => ({ s, order, rank: s.hasCredential ? (SOURCE_RANK[s.source ?? "provider"] ?? 5) : 3 }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ s }) => s);
}

async function byName(registry: Registry, spec: string, provider?: string): Promise<ModelChoice> {
  const exact = await registry.findModel(
    provider && !spec.startsWith(`${provider}/`) ? `${provider}/${spec}` : spec,
  );
  if (exact) return { model: exact, reason: "--model" };
  const models = await registry.models(provider);
  const scored = models
    .map((model) => ({
      model,
      score: Math.max(fuzzyScore(spec, model.id), fuzzyScore(spec, `${model.provider}/${model.id}`)),
    }))
    .filter((entry) => entry.score >= 100)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (best && (scored.length === 1 || best.score > scored[1]!.score)) {
    return { model: best.model, reason: "--model", fuzzyFrom: spec };
  }
  const names = models.map((model) => `${model.provider}/${model.id}`);
  const close =
    scored.length > 1
      ? scored.slice(0, 3).map((e) => `${e.model.provider}/${e.model.id}`)
      : nearest(spec, names);
  const hint = close.length > 0 ? ` Did you mean ${close.map((n) => `"${n}"`).join(", ")}?` : "";
  const scope = provider ? ` for provider "${provider}"` : "";
  throw new UsageError(
    `unknown model "${spec}"${scope}.${hint} Run "elyra --list-models --all" to see every model.`,
  );
}

async function defaultModelOf(registry: Registry, providerId: string): Promise<Model> {
  const info = (await registry.providers()).find((p) => p.id === providerId);
  const models = await registry.models(providerId);
  const chosen = models.find((m) => m.id === info?.defaultModel) ?? models[0];
  if (!chosen)
    throw new UsageError(`provider "${providerId}" has no models; add some under "models" in models.json`);
  return chosen;
}

async function fromSettingsDefault(
  registry: Registry,
  provider?: string,
  model?: string,
): Promise<Model | undefined> {
  if (model)
    return registry.findModel(provider && !model.startsWith(`${provider}/`) ? `${provider}/${model}` : model);
  return provider ? defaultModelOf(registry, provider).catch(() => undefined) : undefined;
}

export function noCredentialMessage(): string {
  return [
    "No provider has a credential yet.",
    "  elyra login                      store an API key (interactive: /login)",
    "  export ANTHROPIC_API_KEY=…       or any provider's key variable (elyra auth status lists them)",
    "  elyra -p … --provider ID --api-key KEY",
  ].join("\n");
}
