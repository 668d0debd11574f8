import type { RefreshOAuth } from "@elyra/auth-store";

/**
 * The refresh a provider package would write: the refresh_token grant against a token endpoint, throwing an
 * error with the HTTP status and OAuth error code when the server refuses.
 */
export function refreshAt(tokenEndpoint: string, clientId: string): RefreshOAuth {
  return async (credential) => {
    const response = await fetch(tokenEndpoint, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credential.refresh,
        client_id: clientId,
      }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      throw Object.assign(new Error(`token endpoint answered ${response.status}`), {
        status: response.status,
        code: body.error,
      });
    }
    return {
      ...credential,
      access: String(body.access_token),
      refresh: typeof body.refresh_token === "string" ? body.refresh_token : credential.refresh,
      expires: Date.now() + Number(body.expires_in) * 1000,
    };
  };
}
