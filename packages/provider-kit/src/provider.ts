import type { ApiImplementation } from "./api.js";
import type { Api, Compat, Model } from "./model.js";

/** A stored OAuth credential, as auth.json holds it. Extra fields are the flow's own. */
export interface OAuthCredential {
  type: "oauth";
  access: string;
  refresh: string;
  /** Epoch ms. */
  expires: number;
  [extra: string]: unknown;
}

export interface OAuthLoginCallbacks {
  /** Show the user a URL to open (and, for the device grant, the code to type). */
  onAuth(info: { url: string; userCode?: string; instructions?: string }): void;
  /** Ask the user for text (e.g. a pasted redirect URL when no loopback callback is possible). */
  onPrompt(prompt: { message: string; placeholder?: string }): Promise<string>;
  onProgress?(message: string): void;
  signal?: AbortSignal;
}

export interface OAuthFlow {
  /** Shown in /login. */
  name: string;
  login(callbacks: OAuthLoginCallbacks): Promise<OAuthCredential>;
  refresh(credential: OAuthCredential): Promise<OAuthCredential>;
  /** The secret to send to the API, from a fresh credential. */
  apiKey(credential: OAuthCredential): string;
}

/** What a provider needs to resolve a credential it cannot express as one key (Bedrock, Vertex). */
export interface CredentialContext {
  env: NodeJS.ProcessEnv;
  /** The key from the usual order (flag, auth.json, env, models.json), when there is one. */
  apiKey?: string;
  signal?: AbortSignal;
}

export interface ProviderDefinition {
  /** Also the auth.json key. */
  id: string;
  name: string;
  api: Api;
  baseUrl: string;
  /** Environment variables that may hold its key, in order. */
  env: string[];
  models?: Model[];
  defaultModel?: string;
  headers?: Record<string, string>;
  compat?: Compat;
  oauth?: OAuthFlow;
  resolveCredential?(ctx: CredentialContext): Promise<string | undefined>;
  /** Adjust a model for the credential in hand (Azure deployments, Cloudflare account URLs, Copilot). */
  prepare?(model: Model, credential: string | undefined): Model | Promise<Model>;
}

/** The default export of every `@elyra/provider-*` package, built-in or third-party. */
export interface ProviderPlugin {
  name: string;
  apis?: ApiImplementation[];
  providers?: ProviderDefinition[];
}
