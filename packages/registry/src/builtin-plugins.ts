import type { Model, ProviderDefinition, ProviderPlugin } from "@elyra/provider-kit";
import { BUILTIN_PROVIDERS } from "./builtin-providers.js";
import { catalogModels } from "./catalog.js";
import { PluginSource } from "./plugin-source.js";

/**
 * Elyra's own provider and model data as a plugin like any other. A definition's `models` is read on first
 * use, so listing providers does not build every model table.
 */
export function catalogPlugin(): ProviderPlugin {
  const providers = BUILTIN_PROVIDERS.map((provider): ProviderDefinition => {
    let models: Model[] | undefined;
    return {
      ...provider,
      get models() {
        models ??= catalogModels(provider.id);
        return models;
      },
    };
  });
  return { name: "@elyra/registry catalog", providers };
}

/**
 * The built-in wire API packages, declared here so that none is imported before one of its APIs or providers
 * is used: they pull in the HTTP stack, which `elyra --list-models` has no need for. A test checks that each
 * declaration matches what the package exports.
 */
export function builtinPackageSources(): PluginSource[] {
  return [
    new PluginSource("@elyra/provider-openai", "builtin", () => import("@elyra/provider-openai"), {
      apis: ["openai-completions", "openai-responses"],
      providers: ["openai"],
    }),
    new PluginSource("@elyra/provider-anthropic", "builtin", () => import("@elyra/provider-anthropic"), {
      apis: ["anthropic-messages"],
      providers: ["anthropic"],
    }),
    new PluginSource("@elyra/provider-google", "builtin", () => import("@elyra/provider-google"), {
      apis: ["google-generative-ai"],
      providers: ["google"],
    }),
  ];
}
