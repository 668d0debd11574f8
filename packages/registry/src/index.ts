/**
 * @elyra/registry — where a user's world meets Elyra: which providers exist, which models they serve, what the
 * user added in models.json or installed as a package, and which credential applies.
 *
 * It knows no vendor by code. Everything arrives as a `ProviderPlugin`: Elyra's catalog (provider and model data),
 * the built-in wire API packages (imported only when one of their APIs or providers is used), the packages listed
 * in settings.json, and the plugins a caller passes. models.json is applied on top. README.md has the file formats.
 * Listing reads only data: zod is imported only to validate a models.json, settings.json or auth.json that exists,
 * or a package's export, and the key resolver only when a key spec is read.
 *
 * Merging, when several plugins define one provider id: the first definition wins field by field and later ones
 * fill the fields it leaves empty. The catalog comes first, so its data (name, URL, variables, models) stands and a
 * package adds what data cannot say (`oauth`, `prepare`, `resolveCredential`) and whatever the data lacks.
 * Then models.json changes whatever it sets.
 */

import type {
  Api,
  ApiImplementation,
  AssistantStream,
  Compat,
  Context,
  Model,
  ProviderDefinition,
  ProviderPlugin,
  StreamOptions,
} from "@elyra/provider-kit";

// ─── Creating a registry ─────────────────────────────────────────────────────────────────────────────────────

export interface RegistryOptions {
  /** Holds auth.json, models.json, settings.json and packages/. Default: `ELYRA_AGENT_DIR` from `env`, else ~/.elyra/agent. */
  agentDir?: string;
  /** Where providers' key variables are read and key commands run. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of key commands (`"!op read …"`). Default: `process.cwd()`. */
  cwd?: string;
  /** More plugins, after the built-in ones and before the packages listed in settings.json. */
  plugins?: (ProviderPlugin | LazyPlugin)[];
}

/** A plugin that says what it serves without being imported; `load` runs the first time one of them is used. */
export interface LazyPlugin {
  name: string;
  apis: readonly Api[];
  providers: readonly string[];
  load(): Promise<ProviderPlugin>;
}

/** `createRegistry(options?): Registry` reads nothing until it is first asked something. */
export { createRegistry } from "./registry.js";

// ─── The registry ────────────────────────────────────────────────────────────────────────────────────────────

export interface Registry {
  readonly agentDir: string;
  /** Every provider, built-in, from packages and from models.json, in that order. Imports no wire API. */
  providers(): Promise<ProviderInfo[]>;
  /** One provider's complete definition, with its package's `oauth`/`prepare`/`resolveCredential` (imported now). */
  provider(id: string): Promise<ProviderDefinition | undefined>;
  /** The models of one provider, or of all, with models.json applied and every default filled in. */
  models(providerId?: string): Promise<Model[]>;
  /**
   * `"provider/model"`, or a bare model id (which may itself hold a `/`, as OpenRouter's do), searched in the
   * settings' default provider first and then in provider order.
   */
  findModel(spec: string): Promise<Model | undefined>;
  /** The implementation of a wire API, importing its package on first use; undefined when none is installed. */
  api(name: Api): Promise<ApiImplementation | undefined>;
  /** settings.json, as far as it is valid. */
  settings(): Promise<Settings>;
  /** Re-reads models.json and settings.json (loading packages newly listed there), as `/model` does. */
  reload(): Promise<void>;
  /** What went wrong in models.json, settings.json or a package, for the user to see. Never holds a secret. */
  problems(): Promise<RegistryProblem[]>;
  /** The credential for a provider, in the order flag → auth.json → environment → models.json → the provider's own. */
  credentialFor(providerId: string, options?: CredentialOptions): Promise<CredentialResult | undefined>;
  /** Which credential each provider would use, without any value, without running key commands or refreshing. */
  status(): Promise<ProviderStatus[]>;
  /**
   * Streams one request: finds the credential, applies models.json headers and the provider's `prepare`, and calls
   * the model's wire API. Never throws; every failure is the stream's terminal `error` event.
   */
  stream(model: Model, context: Context, options?: RegistryStreamOptions): AssistantStream;
}

/** A provider as data: what can be known without importing its package. */
export interface ProviderInfo {
  id: string;
  name: string;
  api: Api;
  baseUrl: string;
  /** Environment variables that may hold its key, in order. */
  env: readonly string[];
  headers?: Record<string, string>;
  compat?: Compat;
  defaultModel?: string;
  /** The vendor's documentation. */
  docs?: string;
  /**
   * Settings that are not secrets, read from the environment: name → variable. A `{name}` placeholder in
   * `baseUrl` is filled from it at request time (Cloudflare's `{account_id}`, Bedrock's `{region}`).
   */
  settingsEnv?: Record<string, string>;
  /** Who defined it first: Elyra's catalog, a package (`package` names it), or the user's models.json. */
  origin: "builtin" | "package" | "models.json";
  package?: string;
}

export interface Settings {
  defaultProvider?: string;
  defaultModel?: string;
  /** Provider packages: names installed under `<agentDir>/packages/node_modules`, or absolute paths. */
  packages: string[];
}

export interface RegistryProblem {
  kind: "models.json" | "settings.json" | "package";
  /** The whole message, e.g. `/home/a/.elyra/agent/models.json:4:7: providers.ollama.baseURL: unknown key — did you mean "baseUrl"?` */
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The JSON path of the field at fault, e.g. `providers.ollama.baseURL`. */
  field?: string;
  /** The package as listed in settings.json. */
  package?: string;
}

// ─── Credentials ─────────────────────────────────────────────────────────────────────────────────────────────

export interface CredentialOptions {
  /** The `--api-key` flag: a key, an ENV_NAME or a "!command", like every key in Elyra. */
  apiKeyFlag?: string;
  signal?: AbortSignal;
}

/** Where a credential came from; "oauth" is a login stored in auth.json, "provider" the provider's own lookup. */
export type CredentialSource = "flag" | "auth.json" | "oauth" | "env" | "models.json" | "provider";

export interface CredentialResult {
  value: string;
  source: CredentialSource;
  /** Which flag, entry, variable or field, e.g. "env OPENAI_API_KEY". Never the value. */
  detail: string;
}

export interface ProviderStatus {
  provider: string;
  name: string;
  hasCredential: boolean;
  source?: CredentialSource;
  detail?: string;
  /** False when requests go without a key (models.json `authHeader: false`, or nowhere a key could come from). */
  required: boolean;
  /** A request can be made: a credential is configured, or none is needed (Ollama). What a model picker wants. */
  ready: boolean;
  /** Why the configured credential cannot be used, e.g. an auth.json entry naming an unset variable. */
  problem?: string;
}

/** What `registry.stream` takes: the wire API's options, with the `--api-key` flag instead of a ready credential. */
export type RegistryStreamOptions = Omit<StreamOptions, "credential"> & { apiKey?: string };

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

/** `RegistryError`: an unknown provider, or a credential that cannot be had; its message names the source. */
export { RegistryError, type RegistryErrorDetails } from "./errors.js";

// ─── models.json ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The JSON Schema of models.json (draft 2020-12), as published in models.schema.json. It is generated from the
 * zod schema, which importing this package does not load; hence a promise.
 */
export async function modelsJsonSchema(): Promise<Record<string, unknown>> {
  return (await import("./models-json-schema.js")).modelsJsonSchema();
}
