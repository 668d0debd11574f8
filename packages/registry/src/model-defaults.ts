import type { Api, Compat, InputModality, Model, ModelCost } from "@elyra/provider-kit";

/** What a model gets for each field nobody set; README.md lists the same values. */
const MODEL_DEFAULTS = {
  reasoning: false,
  input: ["text"] as InputModality[],
  contextWindow: 128_000,
  maxTokens: 16_384,
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } as ModelCost,
};

/** The provider fields a model inherits. */
export interface ModelParent {
  id: string;
  api: Api;
  baseUrl: string;
  headers?: Record<string, string>;
  compat?: Compat;
}

/** A model as a plugin or models.json may write it: an id, and anything else it cares to say. */
export type PartialModel = { id: string } & Partial<Omit<Model, "id" | "cost">> & {
    cost?: Partial<ModelCost>;
  };

/**
 * A complete model for `parent`, defaults filled in. The provider's headers and compat come first so the
 * model's own win; `provider` is always the parent's id, whatever a plugin wrote.
 */
export function completeModel(model: PartialModel, parent: ModelParent): Model {
  const complete: Model = {
    provider: parent.id,
    id: model.id,
    name: model.name ?? model.id,
    api: model.api ?? parent.api,
    baseUrl: model.baseUrl ?? parent.baseUrl,
    reasoning: model.reasoning ?? MODEL_DEFAULTS.reasoning,
    input: model.input ?? [...MODEL_DEFAULTS.input],
    contextWindow: model.contextWindow ?? MODEL_DEFAULTS.contextWindow,
    maxTokens: model.maxTokens ?? MODEL_DEFAULTS.maxTokens,
    cost: { ...MODEL_DEFAULTS.cost, ...model.cost },
  };
  const headers = mergeHeaderSets(parent.headers, model.headers);
  if (headers) complete.headers = headers;
  const compat = parent.compat || model.compat ? { ...parent.compat, ...model.compat } : undefined;
  if (compat) complete.compat = compat;
  return complete;
}

/** `model` with the fields of `change` laid over it; cost and compat merge field by field. */
export function overrideModel(model: Model, change: Omit<PartialModel, "id">): Model {
  const { cost, compat, headers, ...plain } = change;
  const next: Model = {
    ...model,
    ...withoutUndefined(plain),
    cost: { ...model.cost, ...withoutUndefined(cost ?? {}) },
  };
  if (compat) next.compat = { ...model.compat, ...compat };
  const merged = mergeHeaderSets(model.headers, headers);
  if (merged) next.headers = merged;
  return next;
}

/**
 * Header sets merged with lower-cased names, so `User-Agent` and `user-agent` are one header; a later set wins.
 * Undefined when there is nothing.
 */
function mergeHeaderSets(
  ...sets: (Record<string, string> | undefined)[]
): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const set of sets) {
    for (const [name, value] of Object.entries(set ?? {})) {
      out ??= {};
      out[name.toLowerCase()] = value;
    }
  }
  return out;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
