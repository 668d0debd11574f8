/// <reference path="./oidc-provider.d.ts" />
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContext } from "oidc-provider";

/**
 * A real OAuth 2.0 authorization server (oidc-provider) on 127.0.0.1, for tests that need real semantics:
 * PKCE S256 enforcement, refresh-token rotation, reuse detection, the device grant.
 */

export interface OAuthServerOptions {
  /** The public client's id. Default "elyra-cli". */
  clientId?: string;
  /** Lifetime of issued access tokens in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Scope requested by `issueTokens()`. Default "openid profile". */
  scope?: string;
}

export interface RecordedOAuthRequest {
  path: string;
  method: string;
  /** `grant_type` of a token request, once the server has parsed it. */
  grantType?: string;
  /** The response status, filled in when the response is ready. */
  status?: number;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  scope?: string;
  id_token?: string;
}

export interface OAuthServer {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  deviceAuthorizationEndpoint: string;
  clientId: string;
  /** The registered loopback redirect URI (any port is accepted, RFC 8252 §7.3). */
  redirectUri: string;
  /** Every request the server received, in order. */
  requests: RecordedOAuthRequest[];
  /** Runs a full authorization-code + PKCE flow, where login and consent complete by themselves. */
  issueTokens(): Promise<IssuedTokens>;
  close(): Promise<void>;
}

const REDIRECT_URI = "http://127.0.0.1/callback";
const ROUTES = { authorization: "/auth", token: "/token", device_authorization: "/device/auth" };

export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthServer> {
  const clientId = options.clientId ?? "elyra-cli";
  const server = createServer();
  const issuer = await listenOnLoopback(server);
  const provider = new Provider(issuer, providerConfig(clientId, options.accessTokenTtl ?? 3600));
  const requests: RecordedOAuthRequest[] = [];
  provider.use(recordRequests(requests));
  provider.use(completeInteractions(provider));
  server.on("request", provider.callback());

  const endpoints = {
    issuer,
    authorizationEndpoint: issuer + ROUTES.authorization,
    tokenEndpoint: issuer + ROUTES.token,
    deviceAuthorizationEndpoint: issuer + ROUTES.device_authorization,
  };
  return {
    ...endpoints,
    clientId,
    redirectUri: REDIRECT_URI,
    requests,
    issueTokens: () => runAuthorizationCodeFlow(endpoints, clientId, options.scope ?? "openid profile"),
    close: () => closeServer(server),
  };
}

function providerConfig(clientId: string, accessTokenTtl: number): Record<string, unknown> {
  // Own keys, adapter, TTLs and pages: oidc-provider prints a warning for each default it is left with.
  const signingKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const day = 24 * 60 * 60;
  return {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: "none",
        application_type: "native",
        redirect_uris: [REDIRECT_URI],
        grant_types: ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
        response_types: ["code"],
        scope: "openid offline_access profile api:read",
        id_token_signed_response_alg: "ES256",
      },
    ],
    jwks: { keys: [{ ...signingKey, alg: "ES256", use: "sig", kid: "testkit" }] },
    adapter: memoryAdapter(),
    routes: ROUTES,
    scopes: ["openid", "offline_access", "profile", "api:read"],
    claims: { openid: ["sub"], profile: ["name"] },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: renderForm("Enter code"),
        userCodeConfirmSource: renderForm("Confirm code"),
        successSource: async (ctx: KoaContext & { body?: string }) => {
          ctx.body = "<!DOCTYPE html><p>Sign-in Success</p>";
        },
      },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    // The default issues refresh tokens only for offline_access with prompt=consent; tests always want one.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      RefreshToken: 14 * day,
      Interaction: 3600,
      Session: day,
      Grant: 14 * day,
    },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, name: `User ${id}` }),
    }),
    renderError: async (ctx: KoaContext & { body?: string }, out: { error: string }) => {
      ctx.body = `<!DOCTYPE html><p>${out.error}</p>`;
    },
  };
}

function renderForm(title: string) {
  return async (ctx: KoaContext & { body?: string }, form: string) => {
    const submit = '<button type="submit" form="op.deviceInputForm">Go</button>';
    ctx.body = `<!DOCTYPE html><h1>${title}</h1>${form}${submit}`;
  };
}

function recordRequests(requests: RecordedOAuthRequest[]) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    const record: RecordedOAuthRequest = { path: ctx.path, method: ctx.method };
    requests.push(record);
    try {
      await next();
    } finally {
      const grantType = ctx.oidc?.params?.grant_type;
      if (typeof grantType === "string") record.grantType = grantType;
      record.status = ctx.status;
    }
  };
}

/** Completes login and consent without any UI: the test user signs in and grants what was asked. */
function completeInteractions(provider: Provider) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    if (ctx.method !== "GET" || !/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const result =
      details.prompt.name === "login"
        ? { login: { accountId: "test-user" } }
        : { consent: { grantId: await grantEverything(provider, details) } };
    const location = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: false,
    });
    ctx.status = 303;
    ctx.redirect(location);
  };
}

async function grantEverything(
  provider: Provider,
  details: Awaited<ReturnType<Provider["interactionDetails"]>>,
): Promise<string> {
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant =
    existing ??
    new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  return grant.save();
}

async function runAuthorizationCodeFlow(
  endpoints: { authorizationEndpoint: string; tokenEndpoint: string },
  clientId: string,
  scope: string,
): Promise<IssuedTokens> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const authorize = new URL(endpoints.authorizationEndpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const callback = await followRedirectsToCallback(authorize.href);
  if (callback.searchParams.get("state") !== state) throw new Error("OAuth harness: state mismatch");
  const code = callback.searchParams.get("code");
  if (!code)
    throw new Error(`OAuth harness: the callback has no code: ${callback.searchParams.get("error")}`);

  const response = await fetch(endpoints.tokenEndpoint, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as IssuedTokens & { error?: string };
  if (!response.ok) throw new Error(`OAuth harness: token exchange failed: ${response.status} ${body.error}`);
  return body;
}

/** Follows the authorization redirects with a cookie jar until the server sends them to the callback. */
async function followRedirectsToCallback(start: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 12; hop++) {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    await response.arrayBuffer();
    storeCookies(cookies, response.headers.getSetCookie());
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`OAuth harness: ${url} answered ${response.status} instead of a redirect`);
    }
    const next = new URL(location, url);
    if (next.href.startsWith(REDIRECT_URI)) return next;
    url = next.href;
  }
  throw new Error("OAuth harness: too many redirects");
}

function storeCookies(jar: Map<string, string>, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair = ""] = header.split(";");
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    // oidc-provider clears a cookie by setting it empty with a past expiry.
    if (value === "") jar.delete(name);
    else jar.set(name, value);
  }
}

/** A per-server store, so servers in one process never see each other's grants. */
function memoryAdapter() {
  type Stored<T> = { value: T; expiresAt: number };
  const payloads = new Map<string, Stored<Record<string, unknown>>>();
  // Secondary indexes: user code → device code id, session uid → session id, grant id → token keys.
  const pointers = new Map<string, Stored<string>>();
  const grants = new Map<string, string[]>();
  const live = <T>(stored: Stored<T> | undefined): T | undefined =>
    stored && stored.expiresAt > Date.now() ? stored.value : undefined;

  return class MemoryAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
      const key = this.key(id);
      const expiresAt = Date.now() + expiresIn * 1000;
      payloads.set(key, { value: payload, expiresAt });
      const { grantId, userCode, uid } = payload as { grantId?: string; userCode?: string; uid?: string };
      if (grantId) grants.set(grantId, [...(grants.get(grantId) ?? []), key]);
      if (userCode) pointers.set(`userCode:${userCode}`, { value: id, expiresAt });
      if (this.model === "Session" && uid) pointers.set(`sessionUid:${uid}`, { value: id, expiresAt });
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      return live(payloads.get(this.key(id)));
    }

    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      const id = live(pointers.get(`userCode:${userCode}`));
      return id === undefined ? undefined : this.find(id);
    }

    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      const id = live(pointers.get(`sessionUid:${uid}`));
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const payload = live(payloads.get(this.key(id)));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      payloads.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) payloads.delete(key);
      grants.delete(grantId);
    }
  };
}

function listenOnLoopback(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
