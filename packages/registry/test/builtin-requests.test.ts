import type { Model } from "@elyra/provider-kit";
import {
  anthropicMessagesReply,
  googleGenerativeAiReply,
  type MockReply,
  type MockServer,
  openaiCompletionsReply,
  openaiResponsesReply,
  type ScriptedTurn,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BUILTIN_PROVIDERS, type BuiltinProvider } from "../src/builtin-providers.js";
import { createRegistry } from "../src/index.js";
import { answer, cleanEnv, drain, HELLO, removeDir, tempAgentDir, writeIn } from "./helpers.js";

/** How each wire API is addressed and authenticated, as the vendors document it. */
const WIRE: Record<
  string,
  {
    path(model: Model): string;
    reply(turn: ScriptedTurn): MockReply;
    auth(key: string, model: Model): [string, string];
  }
> = {
  "openai-completions": {
    path: () => "/chat/completions",
    reply: openaiCompletionsReply,
    auth: (key) => ["authorization", `Bearer ${key}`],
  },
  "openai-responses": {
    path: () => "/responses",
    reply: openaiResponsesReply,
    auth: (key) => ["authorization", `Bearer ${key}`],
  },
  "anthropic-messages": {
    path: () => "/v1/messages",
    reply: anthropicMessagesReply,
    auth: (key, model) =>
      model.compat?.credentialHeader === "bearer" ? ["authorization", `Bearer ${key}`] : ["x-api-key", key],
  },
  "google-generative-ai": {
    path: (model) => `/models/${model.id}:streamGenerateContent`,
    reply: googleGenerativeAiReply,
    auth: (key) => ["x-goog-api-key", key],
  },
};

const templated = (provider: BuiltinProvider) => provider.baseUrl.includes("{");
const servable = BUILTIN_PROVIDERS.filter((provider) => WIRE[provider.api] && !templated(provider));
const unimplemented = BUILTIN_PROVIDERS.filter((provider) => !WIRE[provider.api]);
const placeholders = BUILTIN_PROVIDERS.filter((provider) => WIRE[provider.api] && templated(provider));

/** The path part of a URL that may hold `{placeholders}`, which `new URL` would percent-encode. */
function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, "").replace(/\/+$/, "");
}

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(async () => {
  await server.close();
});

test("every built-in provider is covered by one of the groups below", () => {
  expect(BUILTIN_PROVIDERS).toHaveLength(28);
  expect(servable.length + unimplemented.length + placeholders.length).toBe(BUILTIN_PROVIDERS.length);
});

describe.each(servable.map((provider) => [provider.id, provider] as const))("built-in %s", (id, provider) => {
  test("a request through the registry reaches its API with the key from its variable and its headers", async () => {
    const dir = await tempAgentDir();
    try {
      const key = `test-key-for-${id}`;
      // The mock stands in for the vendor: same path, loopback host.
      await writeIn(dir, "models.json", {
        providers: { [id]: { baseUrl: server.url + pathOf(provider.baseUrl) } },
      });
      const registry = createRegistry({ agentDir: dir, env: cleanEnv({ [provider.env[0]!]: key }) });
      expect(await registry.problems()).toEqual([]);

      const model = await registry.findModel(`${id}/${provider.defaultModel}`);
      expect(model, `default model ${provider.defaultModel}`).toBeDefined();
      const catalogModel = (
        await createRegistry({ agentDir: `${dir}-none`, env: cleanEnv() }).models(id)
      ).find((candidate) => candidate.id === model!.id)!;
      const wire = WIRE[model!.api]!;
      server.enqueue(wire.reply({ text: `Hello from ${id}` }));
      const before = server.requests.length;

      const { message, text } = await drain(registry.stream(model!, HELLO));

      expect(message.errorMessage).toBeUndefined();
      expect(text).toBe(`Hello from ${id}`);
      expect(answer(message)).toBe(`Hello from ${id}`);
      const request = server.requests[before]!;
      expect(request.method).toBe("POST");
      expect(request.path).toBe(pathOf(catalogModel.baseUrl) + wire.path(model!));
      const [header, value] = wire.auth(key, model!);
      expect(request.headers[header]).toBe(value);
      for (const [name, expected] of Object.entries(provider.headers ?? {})) {
        expect(request.headers[name.toLowerCase()], `vendor header ${name}`).toBe(expected);
      }
    } finally {
      await removeDir(dir);
    }
  });
});

describe.each(unimplemented.map((provider) => [provider.id, provider] as const))(
  "built-in %s",
  (id, provider) => {
    test("is defined, and a request fails with 'not available yet' rather than crashing", async () => {
      const dir = await tempAgentDir();
      try {
        const registry = createRegistry({ agentDir: dir, env: cleanEnv({ [provider.env[0]!]: "some-key" }) });
        const info = (await registry.providers()).find((candidate) => candidate.id === id)!;
        expect(info).toMatchObject({ id, api: provider.api, baseUrl: provider.baseUrl, origin: "builtin" });
        expect(info.env).toEqual(provider.env);
        expect(await registry.api(provider.api)).toBeUndefined();

        const model = await registry.findModel(`${id}/${provider.defaultModel}`);
        expect(model).toBeDefined();
        const { message, types } = await drain(registry.stream(model!, HELLO));
        expect(types).toEqual(["start", "error"]);
        expect(message.stopReason).toBe("error");
        expect(message.errorMessage).toContain(`the "${provider.api}" API is not available yet`);
      } finally {
        await removeDir(dir);
      }
    });
  },
);

describe.each(placeholders.map((provider) => [provider.id, provider] as const))(
  "built-in %s",
  (id, provider) => {
    test("has a templated base URL, and a request says which value it needs", async () => {
      const dir = await tempAgentDir();
      try {
        const registry = createRegistry({ agentDir: dir, env: cleanEnv({ [provider.env[0]!]: "some-key" }) });
        const info = (await registry.providers()).find((candidate) => candidate.id === id)!;
        expect(info).toMatchObject({ id, api: provider.api, baseUrl: provider.baseUrl });
        const model = await registry.findModel(`${id}/${provider.defaultModel}`);
        const before = server.requests.length;
        const { message } = await drain(registry.stream(model!, HELLO));
        expect(message.stopReason).toBe("error");
        const needed = model!.baseUrl.match(/\{[^}]+\}/g)!;
        for (const placeholder of needed) expect(message.errorMessage).toContain(placeholder);
        for (const variable of Object.values(provider.settingsEnv ?? {}))
          expect(message.errorMessage).toContain(`set ${variable}`);
        expect(message.errorMessage).toContain(`"baseUrl" for providers.${id} in ${dir}/models.json`);
        expect(server.requests.length).toBe(before);
      } finally {
        await removeDir(dir);
      }
    });
  },
);

test("placeholders are filled from a provider's settingsEnv variables (Cloudflare AI Gateway)", async () => {
  const provider = BUILTIN_PROVIDERS.find((candidate) => candidate.id === "cloudflare-ai-gateway")!;
  const dir = await tempAgentDir();
  try {
    await writeIn(dir, "models.json", {
      providers: { [provider.id]: { baseUrl: server.url + pathOf(provider.baseUrl) } },
    });
    const env = cleanEnv({
      CLOUDFLARE_API_KEY: "cf-key",
      CLOUDFLARE_ACCOUNT_ID: "acct123",
      CLOUDFLARE_GATEWAY_ID: "gw-1",
    });
    const registry = createRegistry({ agentDir: dir, env });
    const model = (await registry.models(provider.id)).find(
      (candidate) => candidate.api === "openai-completions",
    )!;
    server.enqueue(openaiCompletionsReply({ text: "through the gateway" }));
    const before = server.requests.length;
    const { message } = await drain(registry.stream(model, HELLO));
    expect(message.errorMessage).toBeUndefined();
    expect(answer(message)).toBe("through the gateway");
    expect(server.requests[before]!.path).toBe("/v1/acct123/gw-1/compat/chat/completions");
  } finally {
    await removeDir(dir);
  }
});
