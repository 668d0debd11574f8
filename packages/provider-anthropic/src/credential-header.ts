import type { Compat } from "@elyra/provider-kit";

/** Anthropic's OAuth access tokens (the Claude Pro/Max login) start with this; API keys with `sk-ant-api`. */
const OAUTH_ACCESS_TOKEN_PREFIX = "sk-ant-oat";

/**
 * The header that carries the credential: `x-api-key`, or `authorization: Bearer` for OAuth access tokens.
 *
 * `compat.credentialHeader` decides when a definition sets it (a proxy or an Anthropic-compatible vendor
 * that wants Bearer). Without it, this is the one place where the shape of a credential picks a header:
 * the "anthropic" provider is used with both an API key and a Claude login, the wire API receives only the
 * secret, and the token's prefix is what tells the two apart.
 */
export function credentialHeader(
  credential: string | undefined,
  compat: Compat | undefined,
): Record<string, string> {
  if (!credential) return {};
  const scheme =
    compat?.credentialHeader ?? (credential.startsWith(OAUTH_ACCESS_TOKEN_PREFIX) ? "bearer" : "x-api-key");
  return scheme === "bearer" ? { authorization: `Bearer ${credential}` } : { "x-api-key": credential };
}
