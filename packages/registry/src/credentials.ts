import { AuthStore, type Credential } from "@elyra/auth-store";
import type { CredentialContext, OAuthFlow } from "@elyra/provider-kit";
import { RegistryError } from "./errors.js";
import type { CredentialOptions, CredentialResult, CredentialSource, ProviderStatus } from "./index.js";
import type { CustomProvider } from "./provider-table.js";

/** The provider a credential is wanted for. */
export interface CredentialSubject {
  id: string;
  name: string;
  env: readonly string[];
  custom?: CustomProvider;
  /** Its package's behaviour; importing the package if need be. */
  behaviour(): Promise<{
    oauth?: OAuthFlow;
    resolveCredential?: (ctx: CredentialContext) => Promise<string | undefined>;
  }>;
}

/** Where credentials are looked up. */
export interface CredentialWorld {
  authPath: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * The credential order: the `--api-key` flag → the auth.json entry (a key spec, or an OAuth login refreshed
 * through the provider's flow) → the provider's environment variables, first non-empty → the models.json
 * `apiKey` → the provider's own `resolveCredential`. The first source that is configured decides: if it
 * fails (a key command exits non-zero, a variable it names is unset), that is an error naming the source,
 * not a reason to try the next one, because a silently different key is worse than a clear failure.
 */
export async function findCredential(
  subject: CredentialSubject,
  world: CredentialWorld,
  options: CredentialOptions = {},
): Promise<CredentialResult | undefined> {
  const { signal } = options;
  if (options.apiKeyFlag) {
    const labels: Labels = { provider: subject.id, source: "flag", detail: "--api-key", where: "--api-key" };
    return fromSpec(options.apiKeyFlag, world, signal, labels);
  }
  const stored = await storedCredential(subject.id, world);
  if (stored?.type === "api_key")
    return fromSpec(stored.key, world, signal, authJsonLabels(subject.id, world));
  if (stored?.type === "oauth") return fromOAuth(subject, world);
  const fromEnv = environmentKey(subject.env, world.env);
  if (fromEnv) return fromEnv;
  const apiKey = subject.custom?.apiKey;
  if (apiKey !== undefined) return fromSpec(apiKey, world, signal, modelsJsonLabels(subject));
  return fromProvider(subject, world, signal);
}

/**
 * What `findCredential` would use, without the value: key commands are not run and OAuth tokens not
 * refreshed, so `elyra auth status` is fast and has no side effects. Variables a spec names are checked.
 */
export async function describeCredential(
  subject: CredentialSubject,
  world: CredentialWorld,
  stored: Credential | undefined,
): Promise<ProviderStatus> {
  const required = await isRequired(subject);
  const found = await locateCredential(subject, world, stored);
  return {
    provider: subject.id,
    name: subject.name,
    ...found,
    required,
    ready: found.hasCredential || !required,
  };
}

type Located = Pick<ProviderStatus, "hasCredential" | "source" | "detail" | "problem">;

async function locateCredential(
  subject: CredentialSubject,
  world: CredentialWorld,
  stored: Credential | undefined,
): Promise<Located> {
  if (stored?.type === "api_key") return probeSpec(stored.key, world, authJsonLabels(subject.id, world));
  if (stored?.type === "oauth") {
    return {
      hasCredential: true,
      source: "oauth",
      detail: `auth.json ${JSON.stringify(subject.id)} (login)`,
    };
  }
  const fromEnv = environmentKey(subject.env, world.env);
  if (fromEnv) return { hasCredential: true, source: "env", detail: fromEnv.detail };
  const apiKey = subject.custom?.apiKey;
  if (apiKey !== undefined) return probeSpec(apiKey, world, modelsJsonLabels(subject));
  return { hasCredential: false };
}

/**
 * Whether a request without a credential should fail early: not when models.json says `authHeader: false`,
 * nor when nothing could ever supply one (no variables, no login, no lookup of its own), as for Ollama.
 */
export async function isRequired(subject: CredentialSubject): Promise<boolean> {
  if (subject.custom?.authHeader === false) return false;
  if (subject.env.length > 0) return true;
  const { oauth, resolveCredential } = await subject.behaviour();
  return oauth !== undefined || resolveCredential !== undefined;
}

/** Every auth.json entry, read once. A broken auth.json is an error: it may hold the credential that wins. */
export async function readAuthEntries(world: CredentialWorld): Promise<Map<string, Credential>> {
  const store = await openStore(world);
  const entries = new Map<string, Credential>();
  for (const provider of await store.list()) {
    const credential = await store.get(provider);
    if (credential) entries.set(provider, credential);
  }
  return entries;
}

interface Labels {
  provider?: string;
  source: CredentialSource;
  /** Short, for status lines: `auth.json "openai"`. */
  detail: string;
  /** Precise, for errors: which file and entry or field. */
  where: string;
}

function authJsonLabels(provider: string, world: CredentialWorld): Labels {
  const entry = `auth.json ${JSON.stringify(provider)}`;
  return { provider, source: "auth.json", detail: entry, where: `the ${entry} entry (${world.authPath})` };
}

function modelsJsonLabels(subject: CredentialSubject): Labels {
  const field = `providers.${subject.id}.apiKey`;
  const where = `${subject.custom?.file}: ${field}`;
  return { provider: subject.id, source: "models.json", detail: `models.json ${field}`, where };
}

/** @elyra/key-resolver, imported the first time a key spec is read: a listing with keys only in the environment needs none. */
type KeyResolver = typeof import("@elyra/key-resolver");
const keyResolver = (): Promise<KeyResolver> => import("@elyra/key-resolver");

async function fromSpec(
  spec: string,
  world: CredentialWorld,
  signal: AbortSignal | undefined,
  labels: Labels,
): Promise<CredentialResult> {
  const keys = await keyResolver();
  try {
    const value = await keys.resolveKey(spec, {
      env: world.env,
      ...(world.cwd ? { cwd: world.cwd } : {}),
      ...(signal ? { signal } : {}),
    });
    return { value, source: labels.source, detail: withSpec(keys, labels.detail, spec) };
  } catch (error) {
    throw keyError(keys, labels, error);
  }
}

async function probeSpec(spec: string, world: CredentialWorld, labels: Labels): Promise<Located> {
  const keys = await keyResolver();
  const found = { hasCredential: true, source: labels.source, detail: withSpec(keys, labels.detail, spec) };
  // Commands are not run for a status: they may prompt, or take seconds.
  if (keys.describeKeySpec(spec).kind === "command") return found;
  try {
    await keys.resolveKey(spec, { env: world.env });
    return found;
  } catch (error) {
    return { ...found, hasCredential: false, problem: keyError(keys, labels, error).message };
  }
}

/** `auth.json "openai" (env MY_KEY)`: the spec's form, never a literal's text. */
function withSpec(keys: KeyResolver, detail: string, spec: string): string {
  const { kind, label } = keys.describeKeySpec(spec);
  if (kind === "literal") return detail;
  return `${detail} (${kind === "env" ? "env" : "command"} ${label})`;
}

function keyError(keys: KeyResolver, labels: Labels, error: unknown): RegistryError {
  const reason = keys.KeyResolutionError.isInstance(error)
    ? error.message
    : String((error as Error)?.message ?? error);
  return new RegistryError(`The key in ${labels.where} cannot be used: ${reason}`, {
    provider: labels.provider,
    source: labels.source,
    cause: error,
  });
}

function environmentKey(names: readonly string[], env: NodeJS.ProcessEnv): CredentialResult | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { value, source: "env", detail: `env ${name}` };
  }
  return undefined;
}

async function storedCredential(provider: string, world: CredentialWorld): Promise<Credential | undefined> {
  return (await openStore(world)).get(provider);
}

async function openStore(world: CredentialWorld): Promise<AuthStore> {
  try {
    return await AuthStore.open(world.authPath);
  } catch (error) {
    throw new RegistryError((error as Error).message, { source: "auth.json", cause: error });
  }
}

async function fromOAuth(subject: CredentialSubject, world: CredentialWorld): Promise<CredentialResult> {
  const { oauth } = await subject.behaviour();
  const entry = `auth.json ${JSON.stringify(subject.id)}`;
  if (!oauth) {
    throw new RegistryError(
      `${entry} holds a login, but no installed package offers a login for ${JSON.stringify(subject.id)}. ` +
        `Install the package that provides it, or run \`elyra logout ${subject.id}\` and use an API key.`,
      { provider: subject.id, source: "oauth" },
    );
  }
  const store = await openStore(world);
  try {
    const credential = await store.oauthCredential(subject.id, (current) => oauth.refresh(current));
    if (!credential) throw new Error(`${entry} disappeared while it was being read`);
    return { value: oauth.apiKey(credential), source: "oauth", detail: `${entry} (${oauth.name} login)` };
  } catch (error) {
    throw new RegistryError((error as Error).message, {
      provider: subject.id,
      source: "oauth",
      cause: error,
    });
  }
}

async function fromProvider(
  subject: CredentialSubject,
  world: CredentialWorld,
  signal: AbortSignal | undefined,
): Promise<CredentialResult | undefined> {
  const { resolveCredential } = await subject.behaviour();
  if (!resolveCredential) return undefined;
  let value: string | undefined;
  try {
    value = await resolveCredential({ env: world.env, ...(signal ? { signal } : {}) });
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    throw new RegistryError(`${subject.name}: looking up its credential failed: ${reason}`, {
      provider: subject.id,
      source: "provider",
      cause: error,
    });
  }
  return value ? { value, source: "provider", detail: `${subject.name}'s own credential lookup` } : undefined;
}
