import type { Api, Model } from "@elyra/provider-kit";
import type { ProviderInfo, RegistryProblem } from "./index.js";
import { completeModel, overrideModel } from "./model-defaults.js";
import type { ModelsJson } from "./models-json.js";
import type { ModelConfig, ModelOverride, ProviderConfig } from "./models-json-schema.js";
import type { CustomProvider, ProviderEntry } from "./provider-table.js";
import { didYouMean } from "./suggest.js";

/**
 * Applies models.json to the merged providers: an entry for a known id changes the fields it sets and adds or
 * changes models; an entry for a new id defines a provider. An entry with a problem is reported and skipped.
 * `apis` are the API names a provider may use: those registered, and those a definition names.
 */
export function applyModelsJson(
  entries: Map<string, ProviderEntry>,
  modelsJson: ModelsJson,
  apis: ReadonlySet<Api>,
): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  for (const [id, config] of modelsJson.providers) {
    const existing = entries.get(id);
    const found = check(id, config, existing, modelsJson, apis, [...entries.keys()]);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const result = existing
      ? changeProvider(existing, config, modelsJson)
      : newProvider(id, config, modelsJson);
    problems.push(...result.problems);
    entries.set(id, result.entry);
  }
  return problems;
}

function check(
  id: string,
  config: ProviderConfig,
  existing: ProviderEntry | undefined,
  modelsJson: ModelsJson,
  apis: ReadonlySet<Api>,
  knownIds: string[],
): RegistryProblem[] {
  if (config.api !== undefined && !apis.has(config.api)) {
    const known = [...apis].sort().join(", ");
    const hint = didYouMean(config.api, apis) || `; known APIs: ${known}`;
    return [
      modelsJson.problemAt(["providers", id, "api"], `unknown API ${JSON.stringify(config.api)}${hint}`),
    ];
  }
  if (existing) return [];
  const missing = (["baseUrl", "api"] as const).filter((field) => config[field] === undefined);
  if (missing.length === 0) return [];
  const fields = missing.map((field) => JSON.stringify(field)).join(" and ");
  const hint = didYouMean(id, knownIds);
  const message = `a new provider needs ${fields}${hint || ` (no built-in or package provider is called ${JSON.stringify(id)})`}`;
  return [modelsJson.problemAt(["providers", id], message, "key")];
}

interface Applied {
  entry: ProviderEntry;
  problems: RegistryProblem[];
}

function changeProvider(existing: ProviderEntry, config: ProviderConfig, modelsJson: ModelsJson): Applied {
  const info: ProviderInfo = {
    ...existing.info,
    ...(config.name ? { name: config.name } : {}),
    ...(config.api ? { api: config.api } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.compat ? { compat: { ...existing.info.compat, ...config.compat } } : {}),
  };
  // Provider-level changes reach every model: a new base URL is where all of them are served now.
  const oldBase = existing.info.baseUrl;
  const base = existing.models().map((model) => ({
    ...model,
    ...(config.api ? { api: config.api } : {}),
    ...(config.baseUrl ? { baseUrl: rebase(model.baseUrl, oldBase, config.baseUrl) } : {}),
    ...(config.compat ? { compat: { ...model.compat, ...config.compat } } : {}),
  }));
  return withModels(info, existing.sources, base, config, modelsJson);
}

/**
 * Where a model goes when its provider's base URL changes. Most models use the provider's URL and get the new
 * one. A model the catalog serves on another path of the same host (OpenCode's Claude models on /zen rather
 * than /zen/v1) keeps its path when the new URL keeps the provider's path: the new URL is then a mirror of the
 * same host. Otherwise it gets the new URL too: requests go where the user said, never silently elsewhere.
 */
function rebase(modelUrl: string, oldBase: string, newBase: string): string {
  if (modelUrl === oldBase) return newBase;
  const [model, before, after] = [modelUrl, oldBase, newBase].map(parseUrl);
  if (!model || !before || !after) return newBase;
  if (model.origin !== before.origin || trimSlash(after.pathname) !== trimSlash(before.pathname))
    return newBase;
  // Sliced from the text rather than rebuilt from `URL`, which would percent-encode `{placeholders}`.
  return `${after.origin}${modelUrl.slice(model.origin.length)}`;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, "");
}

function newProvider(id: string, config: ProviderConfig, modelsJson: ModelsJson): Applied {
  const info: ProviderInfo = {
    id,
    name: config.name ?? id,
    api: config.api!,
    baseUrl: config.baseUrl!,
    env: [],
    ...(config.compat ? { compat: config.compat } : {}),
    ...(config.models?.[0] ? { defaultModel: config.models[0].id } : {}),
    origin: "models.json",
  };
  return withModels(info, [], [], config, modelsJson);
}

function withModels(
  info: ProviderInfo,
  sources: ProviderEntry["sources"],
  base: Model[],
  config: ProviderConfig,
  modelsJson: ModelsJson,
): Applied {
  const custom: CustomProvider = {
    file: modelsJson.file,
    ...(config.apiKey !== undefined ? { apiKey: config.apiKey } : {}),
    ...(config.headers ? { headers: config.headers } : {}),
    ...(config.authHeader !== undefined ? { authHeader: config.authHeader } : {}),
    modelHeaders: new Map(),
  };
  const models = [...base];
  for (const model of config.models ?? []) addModel(models, model, info, custom);
  const problems: RegistryProblem[] = [];
  for (const [modelId, change] of Object.entries(config.modelOverrides ?? {})) {
    const index = models.findIndex((model) => model.id === modelId);
    if (index === -1) {
      const hint = didYouMean(
        modelId,
        models.map((model) => model.id),
      );
      const path = ["providers", info.id, "modelOverrides", modelId];
      const message = `${JSON.stringify(info.id)} has no model ${JSON.stringify(modelId)}${hint}`;
      problems.push(modelsJson.problemAt(path, message, "key"));
      continue;
    }
    models[index] = overrideModel(models[index]!, specsAside(modelId, change, custom));
  }
  return { entry: { info, sources, models: () => models, custom }, problems };
}

/** A model entry changes the provider's model of that id, or adds one with the defaults. */
function addModel(models: Model[], config: ModelConfig, parent: ProviderInfo, custom: CustomProvider): void {
  const { id, ...change } = config;
  const fields = specsAside(id, change, custom);
  const index = models.findIndex((model) => model.id === id);
  if (index === -1) models.push(completeModel({ id, ...fields }, parent));
  else models[index] = overrideModel(models[index]!, fields);
}

/**
 * models.json header values are key specs, so they stay out of the model (whose headers are sent as they are)
 * and are resolved at request time.
 */
function specsAside(
  modelId: string,
  change: ModelOverride,
  custom: CustomProvider,
): Omit<ModelOverride, "headers"> {
  const { headers, ...rest } = change;
  if (headers) custom.modelHeaders.set(modelId, { ...custom.modelHeaders.get(modelId), ...headers });
  return rest;
}
