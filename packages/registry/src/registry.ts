import { join, resolve } from "node:path";
import { defaultAgentDir } from "@elyra/auth-store";
import type {
  Api,
  ApiImplementation,
  AssistantStream,
  Context,
  Model,
  ProviderDefinition,
  ProviderPlugin,
} from "@elyra/provider-kit";
import { applyModelsJson } from "./apply-models-json.js";
import { builtinPackageSources, catalogPlugin } from "./builtin-plugins.js";
import {
  type CredentialSubject,
  type CredentialWorld,
  describeCredential,
  findCredential,
  isRequired,
  readAuthEntries,
} from "./credentials.js";
import { deferredStream } from "./deferred-stream.js";
import { RegistryError } from "./errors.js";
import type {
  CredentialOptions,
  CredentialResult,
  LazyPlugin,
  ProviderInfo,
  ProviderStatus,
  Registry,
  RegistryOptions,
  RegistryProblem,
  RegistryStreamOptions,
  Settings,
} from "./index.js";
import { readModelsJson } from "./models-json.js";
import { PluginSource } from "./plugin-source.js";
import { packageSource } from "./plugins.js";
import { packageProblem } from "./problems.js";
import { mergePlugins, type ProviderEntry } from "./provider-table.js";
import { readSettings } from "./settings.js";
import { didYouMean } from "./suggest.js";

export function createRegistry(options: RegistryOptions = {}): Registry {
  return new ProviderRegistry(options);
}

/** Everything read from disk and merged; rebuilt by `reload()`. */
interface State {
  settings: Settings;
  sources: PluginSource[];
  entries: Map<string, ProviderEntry>;
  apis: Map<Api, PluginSource>;
  problems: RegistryProblem[];
}

type Behaviour = Pick<ProviderDefinition, "oauth" | "prepare" | "resolveCredential">;

class ProviderRegistry implements Registry {
  readonly agentDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly cwd: string | undefined;
  private readonly fixedSources: PluginSource[];
  /** By settings.json entry; kept across reloads so a package is imported once per process. */
  private readonly packageSources = new Map<string, PluginSource>();
  /** Problems found after loading, such as a package that does not provide an API it declared. */
  private readonly lateProblems: RegistryProblem[] = [];
  private state: Promise<State> | undefined;

  constructor(options: RegistryOptions) {
    this.env = options.env ?? process.env;
    this.cwd = options.cwd;
    this.agentDir = options.agentDir ? resolve(options.agentDir) : defaultAgentDir(this.env);
    this.fixedSources = [
      PluginSource.loaded(catalogPlugin(), "builtin"),
      ...builtinPackageSources(),
      ...(options.plugins ?? []).map(optionSource),
    ];
  }

  private get paths() {
    return {
      auth: join(this.agentDir, "auth.json"),
      models: join(this.agentDir, "models.json"),
      settings: join(this.agentDir, "settings.json"),
    };
  }

  private get world(): CredentialWorld {
    return { authPath: this.paths.auth, env: this.env, ...(this.cwd ? { cwd: this.cwd } : {}) };
  }

  async providers(): Promise<ProviderInfo[]> {
    const { entries } = await this.load();
    return [...entries.values()].map((entry) => entry.info);
  }

  async provider(id: string): Promise<ProviderDefinition | undefined> {
    const entry = (await this.load()).entries.get(id);
    return entry ? this.definition(entry) : undefined;
  }

  async models(providerId?: string): Promise<Model[]> {
    const { entries } = await this.load();
    if (providerId !== undefined) return entries.get(providerId)?.models() ?? [];
    return [...entries.values()].flatMap((entry) => entry.models());
  }

  async findModel(spec: string): Promise<Model | undefined> {
    const { entries, settings } = await this.load();
    const slash = spec.indexOf("/");
    if (slash > 0) {
      const found = entries
        .get(spec.slice(0, slash))
        ?.models()
        .find((model) => model.id === spec.slice(slash + 1));
      if (found) return found;
    }
    // The default provider first, so a bare id served by several providers means the one the user chose.
    const preferred = settings.defaultProvider ? entries.get(settings.defaultProvider) : undefined;
    const ordered = preferred
      ? [preferred, ...[...entries.values()].filter((entry) => entry !== preferred)]
      : entries.values();
    for (const entry of ordered) {
      const found = entry.models().find((model) => model.id === spec);
      if (found) return found;
    }
    return undefined;
  }

  async api(name: Api): Promise<ApiImplementation | undefined> {
    const source = (await this.load()).apis.get(name);
    const plugin = await source?.load();
    const impl = plugin?.apis?.find((candidate) => candidate.api === name);
    if (source && plugin && !impl) this.noteMissingApi(source, name);
    return impl;
  }

  async settings(): Promise<Settings> {
    return (await this.load()).settings;
  }

  async reload(): Promise<void> {
    this.state = this.build();
    await this.state;
  }

  async problems(): Promise<RegistryProblem[]> {
    const state = await this.load();
    const failures = state.sources
      .filter((source) => source.failure !== undefined)
      .map((source) => this.loadProblem(source));
    return [...state.problems, ...failures, ...this.lateProblems];
  }

  async credentialFor(
    providerId: string,
    options: CredentialOptions = {},
  ): Promise<CredentialResult | undefined> {
    const entry = await this.entry(providerId);
    return findCredential(this.subject(entry), this.world, options);
  }

  async status(): Promise<ProviderStatus[]> {
    const { entries } = await this.load();
    const stored = await readAuthEntries(this.world);
    return Promise.all(
      [...entries.values()].map((entry) =>
        describeCredential(this.subject(entry), this.world, stored.get(entry.info.id)),
      ),
    );
  }

  stream(model: Model, context: Context, options: RegistryStreamOptions = {}): AssistantStream {
    return deferredStream(this.openStream(model, context, options));
  }

  private async openStream(
    model: Model,
    context: Context,
    options: RegistryStreamOptions,
  ): Promise<AssistantStream> {
    // Imported here: the request path needs provider-kit's runtime (and so the HTTP stack); listing does not.
    const { failedStream, RequestFailure, startRequest } = await import("./request.js");
    try {
      const entry = await this.entry(model.provider);
      const subject = this.subject(entry);
      const deps = {
        provider: await this.definition(entry),
        info: entry.info,
        custom: entry.custom,
        api: await this.api(model.api),
        apiFailure: await this.apiFailure(model.api),
        credential: () =>
          findCredential(subject, this.world, { apiKeyFlag: options.apiKey, signal: options.signal }),
        required: () => isRequired(subject),
        modelsJsonPath: this.paths.models,
        env: this.env,
        ...(this.cwd ? { cwd: this.cwd } : {}),
      };
      return startRequest(deps, model, context, options);
    } catch (error) {
      const failure = RegistryError.isInstance(error)
        ? new RequestFailure(error.message, "invalid_request")
        : error;
      return failedStream(model, failure, options.signal);
    }
  }

  private load(): Promise<State> {
    this.state ??= this.build();
    return this.state;
  }

  private async build(): Promise<State> {
    const [settingsRead, modelsRead] = await Promise.all([
      readSettings(this.paths.settings),
      readModelsJson(this.paths.models),
    ]);
    const { settings } = settingsRead;
    const sources = [...this.fixedSources, ...settings.packages.map((spec) => this.packageSource(spec))];
    await loadWhatListingNeeds(sources);
    const merged = mergePlugins(sources);
    const problems = [...settingsRead.problems, ...modelsRead.problems, ...merged.problems];
    if (modelsRead.modelsJson) {
      const usable = new Set<Api>([
        ...merged.apis.keys(),
        ...[...merged.entries.values()].map((entry) => entry.info.api),
      ]);
      problems.push(...applyModelsJson(merged.entries, modelsRead.modelsJson, usable));
    }
    return { settings, sources, entries: merged.entries, apis: merged.apis, problems };
  }

  private packageSource(spec: string): PluginSource {
    let source = this.packageSources.get(spec);
    if (!source) {
      source = packageSource(spec, this.agentDir);
      this.packageSources.set(spec, source);
    }
    return source;
  }

  private async entry(providerId: string): Promise<ProviderEntry> {
    const { entries } = await this.load();
    const entry = entries.get(providerId);
    if (entry) return entry;
    const hint = didYouMean(providerId, entries.keys());
    const list = "`elyra --list-models --all` lists them.";
    throw new RegistryError(
      `Unknown provider ${JSON.stringify(providerId)}${hint ? `${hint} ` : ". "}${list}`,
      { provider: providerId },
    );
  }

  private async definition(entry: ProviderEntry): Promise<ProviderDefinition> {
    const { info } = entry;
    return {
      id: info.id,
      name: info.name,
      api: info.api,
      baseUrl: info.baseUrl,
      env: [...info.env],
      models: entry.models(),
      ...(info.defaultModel ? { defaultModel: info.defaultModel } : {}),
      ...(info.headers ? { headers: info.headers } : {}),
      ...(info.compat ? { compat: info.compat } : {}),
      ...(await this.behaviour(entry)),
    };
  }

  /** What the first definitions to offer them say; importing each package that defines the provider. */
  private async behaviour(entry: ProviderEntry): Promise<Behaviour> {
    const out: Behaviour = {};
    for (const source of entry.sources) {
      const def = (await source.load())?.providers?.find((candidate) => candidate.id === entry.info.id);
      if (!def) continue;
      out.oauth ??= def.oauth;
      out.prepare ??= def.prepare?.bind(def);
      out.resolveCredential ??= def.resolveCredential?.bind(def);
    }
    return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
  }

  private subject(entry: ProviderEntry): CredentialSubject {
    return {
      id: entry.info.id,
      name: entry.info.name,
      env: entry.info.env,
      ...(entry.custom ? { custom: entry.custom } : {}),
      behaviour: () => this.behaviour(entry),
    };
  }

  private loadProblem(source: PluginSource): RegistryProblem {
    if (source.origin === "package") return packageProblem(source.name, this.paths.settings, source.failure!);
    return {
      kind: "package",
      package: source.name,
      message: `package ${JSON.stringify(source.name)} could not be loaded: ${source.failure}`,
    };
  }

  private noteMissingApi(source: PluginSource, api: Api): void {
    const message = `package ${JSON.stringify(source.name)} declares the API ${JSON.stringify(api)} but does not provide it`;
    if (this.lateProblems.some((problem) => problem.message === message)) return;
    this.lateProblems.push({ kind: "package", package: source.name, message });
  }

  /** Why an API has no implementation, when a package meant to provide it could not be loaded. */
  private async apiFailure(api: Api): Promise<string | undefined> {
    const source = (await this.load()).apis.get(api);
    return source?.failure === undefined
      ? undefined
      : `package ${source.name} could not be loaded: ${source.failure}`;
  }
}

function optionSource(plugin: ProviderPlugin | LazyPlugin): PluginSource {
  if (!("load" in plugin)) return PluginSource.loaded(plugin, "option");
  return new PluginSource(plugin.name, "option", async () => ({ default: await plugin.load() }), {
    apis: plugin.apis,
    providers: plugin.providers,
  });
}

/**
 * Loads the plugins whose data a listing needs: every one that does not declare what it serves, and a lazy one
 * that defines a provider no loaded plugin describes with models. The built-in packages stay unloaded, because
 * the catalog already describes their providers.
 */
async function loadWhatListingNeeds(sources: PluginSource[]): Promise<void> {
  await Promise.all(sources.filter((source) => !source.declares).map((source) => source.load()));
  const described = (id: string) =>
    sources.some((source) =>
      source.current?.providers?.some((def) => def.id === id && (def.models?.length ?? 0) > 0),
    );
  const needed = sources.filter(
    (source) => source.declares && !source.current && source.declares.providers.some((id) => !described(id)),
  );
  await Promise.all(needed.map((source) => source.load()));
}
