/**
 * @elyra/auth-store keeps the credentials of every provider in one file, `auth.json` in
 * `ELYRA_AGENT_DIR` (default `~/.elyra/agent`):
 *
 *   { "anthropic": { "type": "oauth", "access": "…", "refresh": "…", "expires": 1767225600000 },
 *     "openai":    { "type": "api_key", "key": "!op read op://dev/openai/key" } }
 *
 * Guarantees (README.md has the details): the directory is 0700 and the file 0600 whatever the umask;
 * every write is atomic and merges one entry under a cross-process lock, so concurrent writers never
 * lose each other's entries; an OAuth token is refreshed once however many processes need it; a broken
 * file is reported with its line and column or the entry and field at fault, and never written over.
 * No error message holds a key or a token.
 */

// Each group has a detached heading, which also keeps biome's import sorter from putting them in ABC order.

// ─── What is stored ────────────────────────────────────────────────────────────────────────────────────────

export type { ApiKeyCredential, Credential, OAuthCredential, RefreshOAuth } from "./credential.js";

// ─── The store: open, get, list, set, remove, apiKey, oauthAccess, oauthCredential ─────────────────────────

export { AuthStore, type AuthStoreOptions, REFRESH_MARGIN_MS } from "./auth-store.js";

// ─── Where auth.json lives: ELYRA_AGENT_DIR, else ~/.elyra/agent ───────────────────────────────────────────

export { defaultAgentDir, defaultAuthPath } from "./paths.js";

// ─── Errors thrown on purpose; each has `isInstance`, which works across copies of this package ────────────

export {
  AuthFileError,
  type AuthFileErrorDetails,
  LockTimeoutError,
  type LockTimeoutErrorDetails,
  OAuthRefreshError,
  type OAuthRefreshErrorDetails,
} from "./errors.js";
