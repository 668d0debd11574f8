import { readFileSync } from "node:fs";
import type { Api, Compat, InputModality, Model, ModelCost } from "@elyra/provider-kit";
import { BUILTIN_PROVIDERS, type BuiltinProvider } from "./builtin-providers.js";

/**
 * The model catalog: one committed data file per provider under `catalog/`, written by
 * `scripts/update-catalog.mjs` (`pnpm catalog:update`). The small index is read when this module loads; a
 * provider's file only the first time its models are asked for, so starting Elyra with one provider parses one file.
 */

/** `catalog/` sits beside `src/` and `dist/`, so the same relative URL works from source and from the build. */
const CATALOG_DIR = new URL("../catalog/", import.meta.url);

interface CatalogIndex {
  generatedAt: string;
  sources: Record<string, { source: string; date: string }>;
  providers: Record<string, { count: number; file: string; from: Record<string, number>; patched?: number }>;
}

/** A model as the data file holds it: api and baseUrl only where the model differs from its provider. */
interface CatalogRecord {
  id: string;
  name: string;
  api?: Api;
  baseUrl?: string;
  reasoning: boolean;
  input: InputModality[];
  contextWindow: number;
  maxTokens: number;
  cost: ModelCost;
  compat?: Compat;
  headers?: Record<string, string>;
}

function readCatalogFile(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, CATALOG_DIR), "utf8"));
}

const index = readCatalogFile("index.json") as CatalogIndex;

/** When the catalog was generated (the date of its freshest source) and which source and date each provider's models came from. */
export const CATALOG_INFO: {
  generatedAt: string;
  sources: Record<string, { source: string; date: string }>;
} = { generatedAt: index.generatedAt, sources: index.sources };

const providersById = new Map<string, BuiltinProvider>(
  BUILTIN_PROVIDERS.map((provider) => [provider.id, provider]),
);
const loaded = new Map<string, readonly CatalogRecord[]>();

/** The providers the catalog has models for, sorted. */
export function catalogProviderIds(): string[] {
  return Object.keys(index.providers).sort();
}

/**
 * The catalog's models for a built-in provider; `[]` for any other id. `api` and `baseUrl` are the provider's
 * unless the model is served elsewhere (OpenCode's and Cloudflare's per-family routes). `compat` and `headers`
 * are the model's own, to be laid over the provider's. Each call returns fresh objects, so callers may change them.
 */
export function catalogModels(providerId: string): Model[] {
  const provider = providersById.get(providerId);
  const entry = Object.hasOwn(index.providers, providerId) ? index.providers[providerId] : undefined;
  if (!provider || !entry) return [];
  let records = loaded.get(providerId);
  if (!records) {
    records = (readCatalogFile(entry.file) as { models: CatalogRecord[] }).models;
    loaded.set(providerId, records);
  }
  return records.map((record) => toModel(provider, record));
}

function toModel(provider: BuiltinProvider, record: CatalogRecord): Model {
  const model: Model = {
    provider: provider.id,
    id: record.id,
    name: record.name,
    api: record.api ?? provider.api,
    baseUrl: record.baseUrl ?? provider.baseUrl,
    reasoning: record.reasoning,
    input: [...record.input],
    contextWindow: record.contextWindow,
    maxTokens: record.maxTokens,
    cost: { ...record.cost },
  };
  if (record.compat) model.compat = { ...record.compat };
  if (record.headers) model.headers = { ...record.headers };
  return model;
}
