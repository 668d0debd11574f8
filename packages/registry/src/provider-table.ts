import type { Api, Model, ProviderDefinition } from "@elyra/provider-kit";
import type { ProviderInfo, RegistryProblem } from "./index.js";
import { completeModel, type PartialModel } from "./model-defaults.js";
import type { PluginSource } from "./plugin-source.js";

/** What models.json says about a provider beyond data: how to get and send its key, and header specs. */
export interface CustomProvider {
  file: string;
  apiKey?: string;
  /** Header values are key specs, resolved at request time. */
  headers?: Record<string, string>;
  authHeader?: boolean | string;
  /** Per model id, header specs from models.json. */
  modelHeaders: Map<string, Record<string, string>>;
}

/** One provider id, merged from every plugin that defines it, with models.json applied. */
export interface ProviderEntry {
  info: ProviderInfo;
  /** The plugins that define or declare this id, in merge order; their behaviour is read on first use. */
  sources: PluginSource[];
  /** Its models, complete; computed on first use. */
  models(): Model[];
  custom?: CustomProvider;
}

/** Fields merged "first definition wins, later ones fill what it left empty". */
const DATA_FIELDS = [
  "name",
  "api",
  "baseUrl",
  "env",
  "headers",
  "compat",
  "defaultModel",
  "docs",
  "settingsEnv",
] as const;

/**
 * Merges the providers and APIs of every source, in order. Only loaded plugins contribute data; a source that
 * is not loaded yet is recorded under the ids it declares, so its behaviour can be fetched when one is used.
 */
export function mergePlugins(sources: readonly PluginSource[]): {
  entries: Map<string, ProviderEntry>;
  apis: Map<Api, PluginSource>;
  problems: RegistryProblem[];
} {
  const definitions = new Map<string, { defs: ProviderDefinition[]; sources: PluginSource[] }>();
  const apis = new Map<Api, PluginSource>();
  const problems: RegistryProblem[] = [];
  for (const source of sources) {
    for (const def of source.current?.providers ?? []) {
      const slot = definitions.get(def.id) ?? { defs: [], sources: [] };
      slot.defs.push(def);
      if (!slot.sources.includes(source)) slot.sources.push(source);
      definitions.set(def.id, slot);
    }
    for (const id of source.declares?.providers ?? []) {
      const slot = definitions.get(id);
      if (slot && !slot.sources.includes(source)) slot.sources.push(source);
    }
    const served = [
      ...(source.current?.apis ?? []).map((impl) => impl.api),
      ...(source.declares?.apis ?? []),
    ];
    for (const api of new Set(served)) registerApi(apis, api, source, problems);
  }
  const entries = new Map<string, ProviderEntry>();
  for (const [id, slot] of definitions) entries.set(id, entryFrom(id, slot.defs, slot.sources));
  return { entries, apis, problems };
}

function registerApi(
  apis: Map<Api, PluginSource>,
  api: Api,
  source: PluginSource,
  problems: RegistryProblem[],
) {
  const owner = apis.get(api);
  if (!owner) return void apis.set(api, source);
  if (owner === source || source.origin !== "package") return;
  problems.push({
    kind: "package",
    package: source.name,
    message: `package ${JSON.stringify(source.name)} registers the API ${JSON.stringify(api)}, which ${owner.name} already provides; its implementation is not used`,
  });
}

function entryFrom(id: string, defs: ProviderDefinition[], sources: PluginSource[]): ProviderEntry {
  const merged: Record<string, unknown> = {};
  for (const field of DATA_FIELDS) merged[field] = defs.map((def) => fieldOf(def, field)).find(isSet);
  const first = sources[0];
  const info: ProviderInfo = {
    id,
    name: (merged.name as string | undefined) ?? id,
    api: merged.api as Api,
    baseUrl: (merged.baseUrl as string | undefined) ?? "",
    env: (merged.env as string[] | undefined) ?? [],
    ...optional("headers", merged.headers as Record<string, string> | undefined),
    ...optional("compat", merged.compat as ProviderInfo["compat"]),
    ...optional("defaultModel", merged.defaultModel as string | undefined),
    ...optional("docs", merged.docs as string | undefined),
    ...optional("settingsEnv", merged.settingsEnv as Record<string, string> | undefined),
    origin: first?.origin === "package" || first?.origin === "option" ? "package" : "builtin",
    ...(first && first.origin !== "builtin" ? { package: first.name } : {}),
  };
  let models: Model[] | undefined;
  return {
    info,
    sources,
    models: () => {
      // Read on first use: the catalog builds a provider's model table only when it is asked for.
      models ??= modelsFrom(defs, info);
      return models;
    },
  };
}

function modelsFrom(defs: ProviderDefinition[], parent: ProviderInfo): Model[] {
  const list =
    defs.map((def) => def.models).find((models) => models !== undefined && models.length > 0) ?? [];
  return list.map((model) => completeModel(model as PartialModel, parent));
}

function fieldOf(def: ProviderDefinition, field: (typeof DATA_FIELDS)[number]): unknown {
  return (def as unknown as Record<string, unknown>)[field];
}

/** A field counts as set unless it is absent, an empty string, an empty list or an empty object. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
