/** An API key or how to get one: a key-resolver spec (`"!command"`, an environment variable, a literal). */
export interface ApiKeyCredential {
  type: "api_key";
  key: string;
  /** Fields this version does not know are kept as they are. */
  [field: string]: unknown;
}

/** Tokens from an OAuth login. Provider-specific fields (account id, scopes, …) are kept as they are. */
export interface OAuthCredential {
  type: "oauth";
  access: string;
  refresh: string;
  /** When `access` expires, in epoch milliseconds. */
  expires: number;
  [field: string]: unknown;
}

export type Credential = ApiKeyCredential | OAuthCredential;

/**
 * Exchanges a credential's refresh token for new tokens (usually `OAuthFlow.refresh` from the provider).
 * Extra fields missing from its result keep their stored values. To let the error say why a refresh failed,
 * throw an error with `status` (the HTTP status) and `code` (the OAuth `error` code such as `invalid_grant`).
 * `signal` aborts when the store gives up on it (`refreshTimeoutMs`): stop the request then.
 */
export type RefreshOAuth = (credential: OAuthCredential, signal: AbortSignal) => Promise<OAuthCredential>;
