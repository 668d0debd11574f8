import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OAuthServer, startOAuthServer } from "../src/oauth-server.js";

async function refreshGrant(server: OAuthServer, refreshToken: string) {
  const response = await fetch(server.tokenEndpoint, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: server.clientId,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("startOAuthServer", () => {
  let server: OAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer();
  });
  afterAll(() => server.close());

  it("binds 127.0.0.1 and publishes discovery for PKCE S256, refresh and the device grant", async () => {
    expect(server.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: server.issuer,
      token_endpoint: server.tokenEndpoint,
      authorization_endpoint: server.authorizationEndpoint,
      device_authorization_endpoint: server.deviceAuthorizationEndpoint,
      code_challenge_methods_supported: ["S256"],
    });
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining([
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:device_code",
      ]),
    );
    expect(server.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/.well-known/openid-configuration",
    });
  });

  it("issues tokens through a real authorization-code + PKCE flow", async () => {
    const tokens = await server.issueTokens();
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.expires_in).toBe(3600);
    expect(server.requests.filter((r) => r.grantType === "authorization_code")).toHaveLength(1);
  });

  it("rotates refresh tokens: the first refresh works, reusing the old one is invalid_grant", async () => {
    const { refresh_token } = await server.issueTokens();
    const first = await refreshGrant(server, refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(refresh_token);

    const reused = await refreshGrant(server, refresh_token);
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(server.requests.filter((r) => r.grantType === "refresh_token").map((r) => r.status)).toEqual([
      200, 400,
    ]);
  });
});
