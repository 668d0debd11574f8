import { type Model, mergeHeaders, type StreamOptions } from "@elyra/provider-kit";

/**
 * The headers of every OpenAI-style request, lowest precedence first: the API's own, the credential as a
 * Bearer token, the model's (which carry its provider's), then the caller's. An empty value in a later
 * source removes the header, so a user can drop one from models.json.
 */
export function requestHeaders(model: Model, options: StreamOptions | undefined): Record<string, string> {
  const credential = options?.credential;
  return mergeHeaders(
    { "content-type": "application/json", accept: "text/event-stream" },
    credential ? { authorization: `Bearer ${credential}` } : undefined,
    model.headers,
    options?.headers,
  );
}

/** The secrets a provider might echo back in an error message, for redaction. */
export function credentialSecrets(options: StreamOptions | undefined): string[] {
  return options?.credential ? [options.credential] : [];
}

/**
 * `{baseUrl}/{path}`, whether or not the base URL ends with a slash. A query in the base URL (Azure's
 * `?api-version=`) stays at the end, where it belongs.
 */
export function endpoint(baseUrl: string, path: string): string {
  const query = baseUrl.indexOf("?");
  const base = query === -1 ? baseUrl : baseUrl.slice(0, query);
  const search = query === -1 ? "" : baseUrl.slice(query);
  return `${base.replace(/\/+$/, "")}/${path}${search}`;
}
