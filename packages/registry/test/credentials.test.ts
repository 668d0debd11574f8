import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AuthStore } from "@elyra/auth-store";
import type { OAuthCredential, ProviderPlugin } from "@elyra/provider-kit";
import { type MockServer, openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createRegistry, RegistryError } from "../src/index.js";
import { answer, cleanEnv, drain, HELLO, removeDir, tempAgentDir, writeIn } from "./helpers.js";

const SECRETS = {
  flag: "flag-secret-0001",
  auth: "auth-json-secret-0002",
  env: "env-secret-0003",
  modelsJson: "models-json-secret-0004",
  command: "command-secret-0005",
  variable: "variable-secret-0006",
};

let dir: string;
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer();
  server.setDefault(openaiCompletionsReply({ text: "ok" }));
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await tempAgentDir();
});
afterEach(async () => {
  await removeDir(dir);
});

async function storeKey(provider: string, key: string): Promise<void> {
  const store = await AuthStore.open(join(dir, "auth.json"));
  await store.set(provider, { type: "api_key", key });
}

/** groq pointed at the mock, with a models.json key as the last resort. */
async function groqWithModelsJsonKey(apiKey = SECRETS.modelsJson): Promise<void> {
  await writeIn(dir, "models.json", { providers: { groq: { baseUrl: `${server.url}/openai/v1`, apiKey } } });
}

/** The Authorization header a request through the registry carried. */
async function sentKey(
  registry: ReturnType<typeof createRegistry>,
  apiKey?: string,
): Promise<string | undefined> {
  const model = (await registry.models("groq"))[0]!;
  const before = server.requests.length;
  const { message } = await drain(registry.stream(model, HELLO, apiKey ? { apiKey } : {}));
  expect(message.errorMessage).toBeUndefined();
  expect(answer(message)).toBe("ok");
  return server.requests[before]?.headers.authorization;
}

describe("the credential order: flag > auth.json > env > models.json", () => {
  test("each source wins over the next, and the request carries the winner", async () => {
    await groqWithModelsJsonKey();
    await storeKey("groq", SECRETS.auth);
    const env = cleanEnv({ GROQ_API_KEY: SECRETS.env });
    const registry = createRegistry({ agentDir: dir, env });

    expect(await registry.credentialFor("groq", { apiKeyFlag: SECRETS.flag })).toEqual({
      value: SECRETS.flag,
      source: "flag",
      detail: "--api-key",
    });
    expect(await sentKey(registry, SECRETS.flag)).toBe(`Bearer ${SECRETS.flag}`);

    expect(await registry.credentialFor("groq")).toEqual({
      value: SECRETS.auth,
      source: "auth.json",
      detail: 'auth.json "groq"',
    });
    expect(await sentKey(registry)).toBe(`Bearer ${SECRETS.auth}`);

    await (await AuthStore.open(join(dir, "auth.json"))).remove("groq");
    expect(await registry.credentialFor("groq")).toEqual({
      value: SECRETS.env,
      source: "env",
      detail: "env GROQ_API_KEY",
    });
    expect(await sentKey(registry)).toBe(`Bearer ${SECRETS.env}`);

    delete env.GROQ_API_KEY;
    expect(await registry.credentialFor("groq")).toEqual({
      value: SECRETS.modelsJson,
      source: "models.json",
      detail: "models.json providers.groq.apiKey",
    });
    expect(await sentKey(registry)).toBe(`Bearer ${SECRETS.modelsJson}`);
  });

  test("an empty or blank variable does not count, and the next variable of the provider is tried", async () => {
    const blank = createRegistry({ agentDir: dir, env: cleanEnv({ GROQ_API_KEY: "  " }) });
    expect(await blank.credentialFor("groq")).toBeUndefined();
    const plugin: ProviderPlugin = {
      name: "two-vars",
      providers: [
        {
          id: "two",
          name: "Two",
          api: "openai-completions",
          baseUrl: server.url,
          env: ["FIRST_KEY", "SECOND_KEY"],
        },
      ],
    };
    const registry = createRegistry({
      agentDir: dir,
      env: cleanEnv({ FIRST_KEY: "", SECOND_KEY: SECRETS.env }),
      plugins: [plugin],
    });
    expect(await registry.credentialFor("two")).toMatchObject({
      value: SECRETS.env,
      detail: "env SECOND_KEY",
    });
  });

  test("the flag takes key syntax too", async () => {
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ MY_FLAG_KEY: SECRETS.flag }) });
    expect(await registry.credentialFor("groq", { apiKeyFlag: "MY_FLAG_KEY" })).toEqual({
      value: SECRETS.flag,
      source: "flag",
      detail: "--api-key (env MY_FLAG_KEY)",
    });
  });

  test("nothing configured is undefined, and a request says where a key could come from", async () => {
    await writeIn(dir, "models.json", { providers: { groq: { baseUrl: `${server.url}/openai/v1` } } });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.credentialFor("groq")).toBeUndefined();
    const before = server.requests.length;
    const { message, error } = await drain(registry.stream((await registry.models("groq"))[0]!, HELLO));
    expect(error).toMatchObject({ kind: "auth", provider: "groq", retryable: false });
    expect(message.errorMessage).toBe(
      `No credential for Groq (groq): set GROQ_API_KEY, run \`elyra login groq\`, add "apiKey" to providers.groq in ${dir}/models.json or pass --api-key.`,
    );
    expect(server.requests.length).toBe(before);
  });

  test("an unknown provider is an error with a suggestion", async () => {
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    const error = await registry.credentialFor("qroq").catch((caught: unknown) => caught);
    expect(RegistryError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Unknown provider "qroq" — did you mean "groq"? `elyra --list-models --all` lists them.',
    );
  });
});

describe("auth.json api_key entries use key syntax", () => {
  test('"!command": its stdout', async () => {
    await writeIn(dir, "key.txt", `${SECRETS.command}\n`);
    await storeKey("groq", `!cat ${join(dir, "key.txt")}`);
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.credentialFor("groq")).toEqual({
      value: SECRETS.command,
      source: "auth.json",
      detail: `auth.json "groq" (command !cat ${join(dir, "key.txt")})`,
    });
  });

  test("ENV_NAME: the variable's value", async () => {
    await storeKey("groq", "MY_GROQ_KEY");
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ MY_GROQ_KEY: SECRETS.variable }) });
    expect(await registry.credentialFor("groq")).toEqual({
      value: SECRETS.variable,
      source: "auth.json",
      detail: 'auth.json "groq" (env MY_GROQ_KEY)',
    });
  });

  test("a failing command is an error naming the auth.json entry, and the next source is not tried", async () => {
    await storeKey("groq", "!echo nope >&2; exit 3");
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ GROQ_API_KEY: SECRETS.env }) });
    const error = await registry.credentialFor("groq").catch((caught: unknown) => caught);
    expect(RegistryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: "groq", source: "auth.json" });
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(`^The key in the auth\\.json "groq" entry \\(${dir}/auth\\.json\\) cannot be used: `),
    );
    expect(message).toContain("exit");
    expect(message).not.toContain(SECRETS.env);
  });

  test("an entry naming an unset variable says which", async () => {
    await storeKey("groq", "MISSING_GROQ_KEY");
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    await expect(registry.credentialFor("groq")).rejects.toThrow(
      /auth\.json "groq" entry .*MISSING_GROQ_KEY, which is not set/,
    );
  });

  test("a request with a failing key command ends in an error event, not a throw", async () => {
    await groqWithModelsJsonKey();
    await storeKey("groq", "!exit 7");
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    const { message, types } = await drain(registry.stream((await registry.models("groq"))[0]!, HELLO));
    expect(types).toEqual(["start", "error"]);
    expect(message.errorMessage).toContain('auth.json "groq" entry');
  });
});

describe("models.json apiKey uses key syntax", () => {
  test('"!printf …" and ENV_NAME forms', async () => {
    await groqWithModelsJsonKey(`!printf '%s' ${SECRETS.command}`);
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.credentialFor("groq")).toEqual({
      value: SECRETS.command,
      source: "models.json",
      detail: `models.json providers.groq.apiKey (command !printf '%s' ${SECRETS.command})`,
    });
    expect(await sentKey(registry)).toBe(`Bearer ${SECRETS.command}`);

    await groqWithModelsJsonKey("PROXY_KEY");
    const withVariable = createRegistry({ agentDir: dir, env: cleanEnv({ PROXY_KEY: SECRETS.variable }) });
    expect(await withVariable.credentialFor("groq")).toMatchObject({
      value: SECRETS.variable,
      detail: "models.json providers.groq.apiKey (env PROXY_KEY)",
    });
  });

  test("a failing command names the models.json file and field", async () => {
    await groqWithModelsJsonKey("!false");
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    await expect(registry.credentialFor("groq")).rejects.toThrow(
      `The key in ${dir}/models.json: providers.groq.apiKey cannot be used: `,
    );
  });

  test("keys are read at request time, not when models.json is loaded", async () => {
    await groqWithModelsJsonKey(`!touch ${join(dir, "ran")}; printf key`);
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    await registry.models();
    await registry.providers();
    await registry.status();
    expect(existsSync(join(dir, "ran"))).toBe(false);
    await registry.credentialFor("groq");
    expect(existsSync(join(dir, "ran"))).toBe(true);
  });
});

describe("OAuth logins and the provider's own lookup", () => {
  /** A plugin whose provider logs in with OAuth; its refresh posts to a loopback token endpoint. */
  function oauthPlugin(tokenUrl: string): ProviderPlugin {
    return {
      name: "@test/oauth-provider",
      providers: [
        {
          id: "acme-oauth",
          name: "Acme (OAuth)",
          api: "openai-completions",
          baseUrl: `${server.url}/acme/v1`,
          env: [],
          models: [{ id: "acme-1" } as never],
          oauth: {
            name: "Acme Pro",
            login: async () => {
              throw new Error("not in tests");
            },
            refresh: async (credential: OAuthCredential): Promise<OAuthCredential> => {
              const response = await fetch(tokenUrl, {
                method: "POST",
                headers: { "content-type": "application/x-www-form-urlencoded" },
                body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: credential.refresh }),
              });
              const tokens = (await response.json()) as {
                access_token: string;
                refresh_token: string;
                expires_in: number;
              };
              return {
                type: "oauth",
                access: tokens.access_token,
                refresh: tokens.refresh_token,
                expires: Date.now() + tokens.expires_in * 1000,
              };
            },
            apiKey: (credential: OAuthCredential) => `acme:${credential.access}`,
          },
        },
      ],
    };
  }

  test("an expired login is refreshed through the plugin's flow, stored, and used", async () => {
    const tokens = await startMockServer();
    try {
      tokens.enqueue({
        kind: "raw",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          access_token: "fresh-access-0007",
          refresh_token: "fresh-refresh-0008",
          expires_in: 3600,
        }),
      });
      const store = await AuthStore.open(join(dir, "auth.json"));
      await store.set("acme-oauth", {
        type: "oauth",
        access: "stale-access-0009",
        refresh: "old-refresh-0010",
        expires: 0,
      });
      const registry = createRegistry({
        agentDir: dir,
        env: cleanEnv(),
        plugins: [oauthPlugin(`${tokens.url}/token`)],
      });

      expect(await registry.credentialFor("acme-oauth")).toEqual({
        value: "acme:fresh-access-0007",
        source: "oauth",
        detail: 'auth.json "acme-oauth" (Acme Pro login)',
      });
      expect(tokens.requests).toHaveLength(1);
      expect(tokens.requests[0]!.body).toBe("grant_type=refresh_token&refresh_token=old-refresh-0010");
      expect(await store.get("acme-oauth")).toMatchObject({
        access: "fresh-access-0007",
        refresh: "fresh-refresh-0008",
      });

      // Fresh now: no second refresh, and a request carries the token.
      const model = (await registry.models("acme-oauth"))[0]!;
      const before = server.requests.length;
      const { message } = await drain(registry.stream(model, HELLO));
      expect(message.errorMessage).toBeUndefined();
      expect(server.requests[before]!.headers.authorization).toBe("Bearer acme:fresh-access-0007");
      expect(tokens.requests).toHaveLength(1);

      const status = await registry.status();
      expect(status.find((entry) => entry.provider === "acme-oauth")).toEqual({
        provider: "acme-oauth",
        name: "Acme (OAuth)",
        required: true,
        ready: true,
        hasCredential: true,
        source: "oauth",
        detail: 'auth.json "acme-oauth" (login)',
      });
      const json = JSON.stringify(status);
      for (const secret of ["fresh-access-0007", "fresh-refresh-0008", "old-refresh-0010"])
        expect(json).not.toContain(secret);
    } finally {
      await tokens.close();
    }
  });

  test("a failed refresh is an error that says so, and the stored login is unchanged", async () => {
    const tokens = await startMockServer();
    try {
      tokens.enqueue({ kind: "error", status: 400, body: { error: "invalid_grant" } });
      const store = await AuthStore.open(join(dir, "auth.json"));
      await store.set("acme-oauth", {
        type: "oauth",
        access: "stale-access-0009",
        refresh: "old-refresh-0010",
        expires: 0,
      });
      const registry = createRegistry({
        agentDir: dir,
        env: cleanEnv(),
        plugins: [oauthPlugin(`${tokens.url}/token`)],
      });
      const error = await registry.credentialFor("acme-oauth").catch((caught: unknown) => caught);
      expect(error).toMatchObject({ source: "oauth", provider: "acme-oauth" });
      expect((error as Error).message).toMatch(/Refreshing the OAuth token for "acme-oauth" failed/);
      expect((error as Error).message).not.toContain("old-refresh-0010");
      expect(await store.get("acme-oauth")).toMatchObject({ refresh: "old-refresh-0010" });
    } finally {
      await tokens.close();
    }
  });

  test("a login stored for a provider no package offers a login for is a clear error", async () => {
    const store = await AuthStore.open(join(dir, "auth.json"));
    await store.set("groq", {
      type: "oauth",
      access: "a-access-token",
      refresh: "a-refresh-token",
      expires: Date.now() + 3_600_000,
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ GROQ_API_KEY: SECRETS.env }) });
    await expect(registry.credentialFor("groq")).rejects.toThrow(
      'auth.json "groq" holds a login, but no installed package offers a login for "groq". Install the package that provides it, or run `elyra logout groq` and use an API key.',
    );
  });

  test("resolveCredential is asked only when the usual order finds nothing", async () => {
    const calls: NodeJS.ProcessEnv[] = [];
    const plugin: ProviderPlugin = {
      name: "@test/cloud",
      providers: [
        {
          id: "cloud",
          name: "Cloud",
          api: "openai-completions",
          baseUrl: `${server.url}/cloud/v1`,
          env: ["CLOUD_KEY"],
          resolveCredential: async (ctx) => {
            calls.push(ctx.env);
            return ctx.env.CLOUD_PROFILE ? `from-profile-${ctx.env.CLOUD_PROFILE}` : undefined;
          },
        },
      ],
    };
    const env = cleanEnv({ CLOUD_KEY: SECRETS.env, CLOUD_PROFILE: "dev" });
    const registry = createRegistry({ agentDir: dir, env, plugins: [plugin] });
    expect(await registry.credentialFor("cloud")).toMatchObject({ source: "env" });
    expect(calls).toHaveLength(0);
    delete env.CLOUD_KEY;
    expect(await registry.credentialFor("cloud")).toEqual({
      value: "from-profile-dev",
      source: "provider",
      detail: "Cloud's own credential lookup",
    });
    expect(calls[0]).toBe(env);
    delete env.CLOUD_PROFILE;
    expect(await registry.credentialFor("cloud")).toBeUndefined();
  });
});

describe("status()", () => {
  test("names every source and never holds a secret value", async () => {
    await writeIn(dir, "key.txt", SECRETS.command);
    await storeKey("groq", SECRETS.auth);
    await storeKey("openai", `!cat ${join(dir, "key.txt")}`);
    await storeKey("mistral", "MY_MISTRAL_KEY");
    await storeKey("xai", "UNSET_XAI_KEY");
    await writeIn(dir, "models.json", {
      providers: {
        deepseek: { apiKey: SECRETS.modelsJson },
        ollama: {
          baseUrl: "http://127.0.0.1:11434/v1",
          api: "openai-completions",
          models: [{ id: "llama3" }],
        },
        lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-completions", authHeader: false },
      },
    });
    const env = cleanEnv({ ANTHROPIC_API_KEY: SECRETS.env, MY_MISTRAL_KEY: SECRETS.variable });
    const registry = createRegistry({ agentDir: dir, env });
    const status = await registry.status();
    const byId = new Map(status.map((entry) => [entry.provider, entry]));

    expect(byId.get("groq")).toEqual({
      provider: "groq",
      name: "Groq",
      required: true,
      ready: true,
      hasCredential: true,
      source: "auth.json",
      detail: 'auth.json "groq"',
    });
    expect(byId.get("openai")).toMatchObject({
      hasCredential: true,
      source: "auth.json",
      detail: `auth.json "openai" (command !cat ${join(dir, "key.txt")})`,
    });
    expect(byId.get("mistral")).toMatchObject({
      hasCredential: true,
      detail: 'auth.json "mistral" (env MY_MISTRAL_KEY)',
    });
    expect(byId.get("xai")).toMatchObject({ hasCredential: false, ready: false, source: "auth.json" });
    expect(byId.get("xai")!.problem).toContain("UNSET_XAI_KEY, which is not set");
    expect(byId.get("anthropic")).toMatchObject({
      hasCredential: true,
      source: "env",
      detail: "env ANTHROPIC_API_KEY",
    });
    expect(byId.get("deepseek")).toMatchObject({
      hasCredential: true,
      source: "models.json",
      detail: "models.json providers.deepseek.apiKey",
    });
    expect(byId.get("cerebras")).toEqual({
      provider: "cerebras",
      name: "Cerebras",
      required: true,
      ready: false,
      hasCredential: false,
    });
    expect(byId.get("ollama")).toEqual({
      provider: "ollama",
      name: "ollama",
      required: false,
      ready: true,
      hasCredential: false,
    });
    expect(byId.get("lmstudio")).toMatchObject({ required: false, ready: true, hasCredential: false });
    expect(status.map((entry) => entry.provider)).toContain("amazon-bedrock");

    const json = JSON.stringify(status);
    for (const secret of Object.values(SECRETS)) expect(json).not.toContain(secret);
    expect(await readFile(join(dir, "auth.json"), "utf8")).toContain(SECRETS.auth);
  });

  test("a broken auth.json is an error naming the file and position", async () => {
    await writeIn(dir, "auth.json", '{ "groq": { "type": "api_key", "key": "x" }, }');
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    await expect(registry.status()).rejects.toThrow(`${dir}/auth.json:1:`);
    await expect(registry.credentialFor("groq")).rejects.toThrow(`${dir}/auth.json:1:`);
    expect(await registry.credentialFor("groq", { apiKeyFlag: SECRETS.flag })).toMatchObject({
      source: "flag",
    });
  });
});
