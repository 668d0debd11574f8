import { resolveKey } from "@elyra/key-resolver";
import {
  type ApiImplementation,
  type AssistantStream,
  type Context,
  EventStream,
  emptyUsage,
  type Model,
  type ProviderDefinition,
  ProviderError,
  type ProviderErrorKind,
} from "@elyra/provider-kit";
import { RegistryError } from "./errors.js";
import type { CredentialResult, ProviderInfo, RegistryStreamOptions } from "./index.js";
import type { CustomProvider } from "./provider-table.js";

/** What a request needs from the registry; this module is imported only when a request is made. */
export interface RequestDeps {
  provider: ProviderDefinition;
  info: ProviderInfo;
  custom: CustomProvider | undefined;
  api: ApiImplementation | undefined;
  /** Why `api` is missing, when the package meant to provide it failed to load. */
  apiFailure?: string;
  credential(): Promise<CredentialResult | undefined>;
  required(): Promise<boolean>;
  modelsJsonPath: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/** A failure the user can act on, turned into the stream's terminal error. */
export class RequestFailure extends Error {
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
  ) {
    super(message);
  }
}

/**
 * Prepares and starts one request: the wire API, the credential, the provider's `prepare`, a base URL with
 * no placeholder left, models.json headers and how the key is sent. Every failure becomes the error event of
 * the returned stream, so callers handle one shape.
 */
export async function startRequest(
  deps: RequestDeps,
  model: Model,
  context: Context,
  options: RegistryStreamOptions,
): Promise<AssistantStream> {
  try {
    const api = deps.api ?? unavailable(model, deps.apiFailure);
    // authHeader false: no key is sent, so none is looked up (a key command would run for nothing).
    const credential = deps.custom?.authHeader === false ? undefined : await deps.credential();
    if (!credential && (await deps.required())) throw missingCredential(deps);
    const prepared = fillPlaceholders(
      deps.provider.prepare ? await deps.provider.prepare(model, credential?.value) : model,
      deps,
    );
    const { apiKey: _flag, ...streamOptions } = options;
    const headers = await requestHeaders(prepared, deps, credential?.value, options);
    const sendAsCredential = credential && sendsOwnWay(deps.custom) ? credential.value : undefined;
    return api.stream(prepared, context, {
      ...streamOptions,
      ...(sendAsCredential !== undefined ? { credential: sendAsCredential } : {}),
      headers,
    });
  } catch (error) {
    return failedStream(model, error, options.signal);
  }
}

function unavailable(model: Model, failure: string | undefined): never {
  const why =
    failure ?? "no installed provider package implements it. Install one that does, or pick another model";
  throw new RequestFailure(
    `${model.provider}: the ${JSON.stringify(model.api)} API is not available yet: ${why}.`,
    "invalid_request",
  );
}

function missingCredential(deps: RequestDeps): RequestFailure {
  const { id, name, env } = deps.provider;
  const ways = [
    ...(env.length > 0 ? [`set ${env.join(" or ")}`] : []),
    `run \`elyra login ${id}\``,
    `add "apiKey" to providers.${id} in ${deps.modelsJsonPath}`,
    "pass --api-key",
  ];
  const last = ways.pop();
  return new RequestFailure(`No credential for ${name} (${id}): ${ways.join(", ")} or ${last}.`, "auth");
}

/**
 * A base URL holding `{name}` placeholders (Azure's resource, Cloudflare's account) needs values only the user
 * has. The provider's `prepare` may fill them; what is left comes from the provider's `settingsEnv` variables,
 * and a placeholder with no value is an error that says which variable to set, or to set `baseUrl` instead.
 */
function fillPlaceholders(model: Model, deps: RequestDeps): Model {
  if (!model.baseUrl.includes("{")) return model;
  const missing: string[] = [];
  const baseUrl = model.baseUrl.replace(/\{([^}]+)\}/g, (placeholder, name: string) => {
    const variable = deps.info.settingsEnv?.[name];
    const value = variable ? deps.env[variable]?.trim() : undefined;
    if (value) return encodeURIComponent(value);
    missing.push(variable ? `${placeholder} (set ${variable})` : placeholder);
    return placeholder;
  });
  if (missing.length === 0) return { ...model, baseUrl };
  const { id, name, docs } = deps.info;
  throw new RequestFailure(
    `${name} (${id}) needs ${missing.join(" and ")} in its base URL ${model.baseUrl}, or "baseUrl" for ` +
      `providers.${id} in ${deps.modelsJsonPath} set to your own endpoint${docs ? ` (see ${docs})` : ""}.`,
    "invalid_request",
  );
}

/** false: no key is sent; a header name: the key goes there, instead of the API's own header. */
function sendsOwnWay(custom: CustomProvider | undefined): boolean {
  return custom?.authHeader === undefined || custom.authHeader === true;
}

/** models.json header specs resolved now (provider, then model), then the key's header, then the caller's. */
async function requestHeaders(
  model: Model,
  deps: RequestDeps,
  credential: string | undefined,
  options: RegistryStreamOptions,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const specs = { ...deps.custom?.headers, ...deps.custom?.modelHeaders.get(model.id) };
  for (const [name, spec] of Object.entries(specs))
    out[name.toLowerCase()] = await headerValue(name, spec, model, deps);
  const header = deps.custom?.authHeader;
  if (typeof header === "string" && credential !== undefined) {
    out[header.toLowerCase()] =
      header.toLowerCase() === "authorization" ? `Bearer ${credential}` : credential;
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

async function headerValue(name: string, spec: string, model: Model, deps: RequestDeps): Promise<string> {
  // "" removes a header (provider-kit's rule), so it is passed through rather than read as a key spec.
  if (spec === "") return "";
  try {
    return await resolveKey(spec, { env: deps.env, ...(deps.cwd ? { cwd: deps.cwd } : {}) });
  } catch (error) {
    const reason = (error as Error).message;
    throw new RegistryError(
      `The value of header ${JSON.stringify(name)} for ${model.provider}/${model.id} in ${deps.modelsJsonPath} cannot be used: ${reason}`,
      { provider: model.provider, source: "models.json", cause: error },
    );
  }
}

/** A stream that starts and fails at once, as a wire API's would, so callers need no other error path. */
export function failedStream(model: Model, error: unknown, signal: AbortSignal | undefined): AssistantStream {
  const stream = new EventStream();
  const aborted = signal?.aborted === true;
  const message = {
    role: "assistant" as const,
    content: [],
    api: model.api,
    provider: model.provider,
    model: model.id,
    usage: emptyUsage(),
    stopReason: aborted ? ("aborted" as const) : ("error" as const),
    errorMessage: aborted ? "Request aborted" : ((error as Error)?.message ?? String(error)),
    timestamp: Date.now(),
  };
  const providerError = ProviderError.isInstance(error)
    ? error
    : new ProviderError({
        provider: model.provider,
        kind: aborted ? "aborted" : errorKind(error),
        message: message.errorMessage,
        retryable: false,
        cause: error,
      });
  stream.push({ type: "start", partial: message });
  stream.push({ type: "error", reason: aborted ? "aborted" : "error", error: providerError, message });
  return stream;
}

/** Credential failures are "auth", so a UI can offer `elyra login`; the rest are the request's to fix. */
function errorKind(error: unknown): ProviderErrorKind {
  if (error instanceof RequestFailure) return error.kind;
  return RegistryError.isInstance(error) ? "auth" : "invalid_request";
}
