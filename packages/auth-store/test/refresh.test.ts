import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AuthStore, type OAuthCredential, OAuthRefreshError } from "@elyra/auth-store";
import { type OAuthServer, startOAuthServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leakedSecrets, oauthEntry, tempDir } from "./helpers.js";
import { refreshAt } from "./oauth-refresh.js";

let server: OAuthServer;
beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(() => server.close());

const refreshRequests = () => server.requests.filter((request) => request.grantType === "refresh_token");

/** auth.json with an expired OAuth entry holding real tokens from the server. */
async function expiredLogin(extra: Record<string, unknown> = {}) {
  const tokens = await server.issueTokens();
  const path = join(await tempDir(), "auth.json");
  const store = await AuthStore.open(path);
  const credential: OAuthCredential = {
    type: "oauth",
    access: tokens.access_token,
    refresh: tokens.refresh_token,
    expires: Date.now() - 1000,
    ...extra,
  };
  await store.set("example", credential);
  return { path, store, credential };
}

describe("oauthAccess", () => {
  it("returns a fresh token without refreshing", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"));
    await store.set("example", oauthEntry({ access: "fresh-access-token" }));
    let calls = 0;
    const access = await store.oauthAccess("example", async (credential) => {
      calls++;
      return credential;
    });
    expect(access).toBe("fresh-access-token");
    expect(calls).toBe(0);
  });

  it("refreshes an expired token against a real token endpoint and stores the rotated tokens", async () => {
    const { path, store, credential } = await expiredLogin({ accountId: "acct-42" });
    const before = refreshRequests().length;

    const access = await store.oauthAccess("example", refreshAt(server.tokenEndpoint, server.clientId));

    expect(refreshRequests()).toHaveLength(before + 1);
    const stored = (await store.get("example")) as OAuthCredential;
    expect(stored.access).toBe(access);
    expect(stored.access).not.toBe(credential.access);
    expect(stored.refresh).not.toBe(credential.refresh);
    expect(stored.expires).toBeGreaterThan(Date.now() + 3_000_000);
    expect(stored.accountId).toBe("acct-42");
    expect(JSON.parse(await readFile(path, "utf8")).example).toEqual(stored);
  });

  it("refreshes once for many concurrent callers in one process", async () => {
    const { path } = await expiredLogin();
    const before = refreshRequests().length;
    const stores = await Promise.all(Array.from({ length: 8 }, () => AuthStore.open(path)));
    const refresh = refreshAt(server.tokenEndpoint, server.clientId);

    const tokens = await Promise.all(stores.map((store) => store.oauthAccess("example", refresh)));

    expect(refreshRequests()).toHaveLength(before + 1);
    expect(new Set(tokens).size).toBe(1);
  });

  it("leaves the credential untouched when the server answers 400 invalid_grant, and says so", async () => {
    const { path, store, credential } = await expiredLogin();
    const refresh = refreshAt(server.tokenEndpoint, server.clientId);
    await store.set("example", { ...credential, refresh: "test-refresh-not-issued-by-server" });
    const bytes = await readFile(path);

    const error = await store.oauthAccess("example", refresh).catch((caught: unknown) => caught);

    expect(OAuthRefreshError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: "example", status: 400, code: "invalid_grant" });
    const message = (error as Error).message;
    expect(message).toBe(
      'Refreshing the OAuth token for "example" failed (HTTP 400 invalid_grant): ' +
        "token endpoint answered 400. " +
        "The stored credential is unchanged; run `elyra login example` to sign in again.",
    );
    expect(leakedSecrets([message], [credential.access, "test-refresh-not-issued-by-server"])).toEqual([]);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(await readFile(path)).toEqual(bytes);
    expect(refreshRequests().at(-1)).toMatchObject({ status: 400 });
  });

  it("wraps whatever the refresh throws, cutting the credential's secrets out of its message", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"));
    const credential = oauthEntry({ expires: 0, refresh: "rt/with+odd=chars-0123" });
    await store.set("example", credential);
    const careless = new Error(
      `POST https://auth.example/token?refresh_token=${encodeURIComponent(credential.refresh)} failed ` +
        `for ${credential.access}\n  at somewhere`,
    );

    const error = await store
      .oauthAccess("example", async () => {
        throw careless;
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OAuthRefreshError);
    expect((error as Error).cause).toBe(careless);
    expect((error as Error).message).toContain(
      "POST https://auth.example/token?refresh_token=[redacted] failed for [redacted] at somewhere",
    );
    expect(leakedSecrets([(error as Error).message], [credential.access, credential.refresh])).toEqual([]);
    expect(await store.get("example")).toEqual(credential);
  });

  it("refuses a refreshed credential that does not match the schema, keeping the old one", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"));
    const credential = oauthEntry({ expires: 0 });
    await store.set("example", credential);

    const error = await store
      .oauthAccess("example", async (old) => ({
        ...old,
        access: "new-access-token-1",
        expires: "later" as never,
      }))
      .catch((caught: unknown) => caught);

    expect((error as Error).message).toContain("the refreshed credential.expires must be a number");
    expect((error as Error).message).not.toContain("new-access-token-1");
    expect(await store.get("example")).toEqual(credential);
  });

  it("gives up on a refresh that never answers, aborts it, keeps the credential and frees the lock", async () => {
    const path = join(await tempDir(), "auth.json");
    const store = await AuthStore.open(path, { refreshTimeoutMs: 150 });
    const credential = oauthEntry({ expires: 0 });
    await store.set("example", credential);
    let aborted = false;
    const started = performance.now();
    const error = await store
      .oauthAccess("example", (_old, signal) => {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
        return new Promise<never>(() => {}); // a token endpoint that never answers
      })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(OAuthRefreshError);
    expect((error as Error).message).toContain("timed out after 150 ms");
    expect((error as Error).message).toContain("The stored credential is unchanged");
    expect(aborted).toBe(true);
    expect(await store.get("example")).toEqual(credential);
    // The lock is free again: another write goes through at once.
    const writeStarted = performance.now();
    await store.set("other", { type: "api_key", key: "k-other" });
    expect(performance.now() - writeStarted).toBeLessThan(1000);
    expect(await store.list()).toEqual(["example", "other"]);
  });
});
