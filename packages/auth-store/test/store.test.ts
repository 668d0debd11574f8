import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import {
  AuthStore,
  defaultAgentDir,
  defaultAuthPath,
  OAuthRefreshError,
  REFRESH_MARGIN_MS,
  type RefreshOAuth,
} from "@elyra/auth-store";
import { KeyResolutionError } from "@elyra/key-resolver";
import { describe, expect, it, vi } from "vitest";
import { leftovers, modeOf, oauthEntry, readJson, tempDir } from "./helpers.js";

describe("paths", () => {
  it("defaults to ~/.elyra/agent/auth.json and honours ELYRA_AGENT_DIR", () => {
    expect(defaultAgentDir({})).toBe(join(homedir(), ".elyra", "agent"));
    expect(defaultAgentDir({ ELYRA_AGENT_DIR: "  " })).toBe(join(homedir(), ".elyra", "agent"));
    expect(defaultAgentDir({ ELYRA_AGENT_DIR: "/srv/elyra" })).toBe("/srv/elyra");
    expect(defaultAgentDir({ ELYRA_AGENT_DIR: "~/agent" })).toBe(join(homedir(), "agent"));
    expect(defaultAgentDir({ ELYRA_AGENT_DIR: "rel/dir" })).toBe(join(process.cwd(), "rel", "dir"));
    expect(defaultAuthPath({ ELYRA_AGENT_DIR: "/srv/elyra" })).toBe("/srv/elyra/auth.json");
  });

  it("AuthStore.open() with no path uses ELYRA_AGENT_DIR", async () => {
    const dir = await tempDir();
    vi.stubEnv("ELYRA_AGENT_DIR", join(dir, "agent"));
    try {
      const store = await AuthStore.open();
      expect(store.path).toBe(join(dir, "agent", "auth.json"));
      await store.set("openai", { type: "api_key", key: "OPENAI_API_KEY" });
      expect(await readJson(join(dir, "agent", "auth.json"))).toEqual({
        openai: { type: "api_key", key: "OPENAI_API_KEY" },
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("reading and writing entries", () => {
  it("treats a missing file as an empty store and creates nothing until the first write", async () => {
    const dir = await tempDir();
    const path = join(dir, "agent", "auth.json");
    const store = await AuthStore.open(path);
    expect(await store.list()).toEqual([]);
    expect(await store.get("anthropic")).toBeUndefined();
    expect(await store.apiKey("anthropic")).toBeUndefined();
    expect(await store.remove("anthropic")).toBe(false);
    await expect(stat(join(dir, "agent"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("sets, gets, lists and removes entries, keeping the others", async () => {
    const path = join(await tempDir(), "auth.json");
    const store = await AuthStore.open(path);
    const oauth = oauthEntry({ accountId: "acct-1", scopes: ["a", "b"] });
    await store.set("openai", { type: "api_key", key: "sk-test-openai" });
    await store.set("anthropic", oauth);
    await store.set("groq", { type: "api_key", key: "GROQ_API_KEY" });

    expect(await store.list()).toEqual(["openai", "anthropic", "groq"]);
    expect(await store.get("anthropic")).toEqual(oauth);
    expect(await store.remove("openai")).toBe(true);
    expect(await store.remove("openai")).toBe(false);
    expect(await readJson(path)).toEqual({
      anthropic: oauth,
      groq: { type: "api_key", key: "GROQ_API_KEY" },
    });
    expect(await leftovers(dirname(path))).toEqual([]);
  });

  it("keeps fields it does not know, in entries it rewrites and in entries it leaves alone", async () => {
    const path = join(await tempDir(), "auth.json");
    const foreign = {
      type: "oauth",
      access: "a-123456789",
      refresh: "r-123456789",
      expires: 1,
      enterprise: true,
    };
    await writeFile(
      path,
      JSON.stringify({ copilot: foreign, openai: { type: "api_key", key: "k", note: "x" } }),
    );
    const store = await AuthStore.open(path);
    await store.set("groq", { type: "api_key", key: "GROQ_API_KEY" });
    expect(await readJson(path)).toEqual({
      copilot: foreign,
      openai: { type: "api_key", key: "k", note: "x" },
      groq: { type: "api_key", key: "GROQ_API_KEY" },
    });
  });

  it("treats a provider called __proto__ as a name like any other", async () => {
    const path = join(await tempDir(), "auth.json");
    const store = await AuthStore.open(path);
    await store.set("__proto__", { type: "api_key", key: "literal-key" });
    expect(await store.list()).toEqual(["__proto__"]);
    expect(await store.get("__proto__")).toEqual({ type: "api_key", key: "literal-key" });
    expect(await readFile(path, "utf8")).toContain('"__proto__"');
  });

  it("rejects an invalid credential or provider without echoing the value", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"));
    const bad = { type: "oauth", access: "sk-secret-access-1", refresh: "", expires: "soon" };
    const error = await store.set("anthropic", bad as never).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'credential for "anthropic".refresh must not be empty; ' +
        'credential for "anthropic".expires must be a number (epoch milliseconds)',
    );
    await expect(store.set("", { type: "api_key", key: "k" })).rejects.toThrow(
      "provider must be a non-empty",
    );
    expect(await store.list()).toEqual([]);
  });
});

describe("modes", () => {
  it("creates missing directories 0700 and the file 0600 even with umask 000", async () => {
    const dir = await tempDir();
    const path = join(dir, "home", ".elyra", "agent", "auth.json");
    const previous = process.umask(0);
    try {
      const store = await AuthStore.open(path);
      await store.set("openai", { type: "api_key", key: "sk-test" });
      expect(await modeOf(join(dir, "home"))).toBe(0o700);
      expect(await modeOf(join(dir, "home", ".elyra"))).toBe(0o700);
      expect(await modeOf(join(dir, "home", ".elyra", "agent"))).toBe(0o700);
      expect(await modeOf(path)).toBe(0o600);
      await store.set("groq", { type: "api_key", key: "sk-test-2" });
      expect(await modeOf(path)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it("makes a loosened file 0600 and its directory 0700 again on the next write", async () => {
    const dir = join(await tempDir(), "agent");
    await mkdir(dir, { mode: 0o777 });
    const path = join(dir, "auth.json");
    await writeFile(path, "{}", { mode: 0o666 });
    const previous = process.umask(0);
    try {
      const store = await AuthStore.open(path);
      await store.set("openai", { type: "api_key", key: "sk-test" });
      expect(await modeOf(path)).toBe(0o600);
      expect(await modeOf(dir)).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });
});

describe("apiKey", () => {
  it("resolves an api_key entry through key-resolver: literal, environment variable, command", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"), {
      resolveKey: { env: { TEST_ELYRA_KEY: "sk-from-env" } },
    });
    await store.set("literal", { type: "api_key", key: "sk-literal-key" });
    await store.set("env", { type: "api_key", key: "TEST_ELYRA_KEY" });
    await store.set("command", { type: "api_key", key: "!echo sk-from-command" });
    await store.set("unset", { type: "api_key", key: "TEST_ELYRA_UNSET_KEY" });

    expect(await store.apiKey("literal")).toBe("sk-literal-key");
    expect(await store.apiKey("env")).toBe("sk-from-env");
    expect(await store.apiKey("command")).toBe("sk-from-command");
    await expect(store.apiKey("unset")).rejects.toSatisfy(KeyResolutionError.isInstance);
  });

  it("gives a fresh OAuth token as is, and an expiring one only with a refresh", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"));
    await store.set("fresh", oauthEntry({ access: "fresh-access-token" }));
    await store.set("stale", oauthEntry({ access: "stale-access-token", expires: Date.now() + 1000 }));

    expect(await store.apiKey("fresh")).toBe("fresh-access-token");
    const error = await store.apiKey("stale").catch((caught: Error) => caught);
    expect(OAuthRefreshError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain("stale-access-token");
    const refresh: RefreshOAuth = async (credential) => ({
      ...credential,
      access: "renewed-access-token",
      expires: Date.now() + 2 * REFRESH_MARGIN_MS,
    });
    expect(await store.apiKey("stale", refresh)).toBe("renewed-access-token");
  });

  it("oauthAccess rejects an api_key entry and returns undefined for no entry", async () => {
    const store = await AuthStore.open(join(await tempDir(), "auth.json"));
    await store.set("openai", { type: "api_key", key: "sk-test-openai" });
    const refresh = async () => oauthEntry();
    await expect(store.oauthAccess("openai", refresh)).rejects.toThrow(TypeError);
    expect(await store.oauthAccess("nobody", refresh)).toBeUndefined();
  });
});
