import { readFile } from "node:fs/promises";
import {
  anthropicMessagesReply,
  googleGenerativeAiReply,
  type MockServer,
  openaiCompletionsReply,
  openaiResponsesReply,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createRegistry } from "../src/index.js";
import { answer, cleanEnv, drain, HELLO, removeDir, tempAgentDir, writeIn } from "./helpers.js";

let server: MockServer;
let dir: string;

beforeAll(async () => {
  server = await startMockServer();
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

/** Streams one request for `provider/model` and returns the answer and the request the mock saw. */
async function ask(registry: ReturnType<typeof createRegistry>, spec: string) {
  const model = await registry.findModel(spec);
  expect(model, spec).toBeDefined();
  const before = server.requests.length;
  const { message } = await drain(registry.stream(model!, HELLO));
  expect(message.errorMessage).toBeUndefined();
  return { text: answer(message), request: server.requests[before]! };
}

describe("custom providers of every built-in API, each serving a request", () => {
  test("openai-completions (Ollama, no key), openai-responses, anthropic-messages and google-generative-ai", async () => {
    await writeIn(
      dir,
      "models.json",
      `{
        // Local models: no key needed.
        "providers": {
          "ollama": {
            "baseUrl": "${server.url}/ollama/v1",
            "api": "openai-completions",
            "models": [{ "id": "llama3.1:8b" }],
          },
          "responses-proxy": {
            "name": "Responses proxy",
            "baseUrl": "${server.url}/proxy/v1",
            "api": "openai-responses",
            "apiKey": "!printf '%s' responses-key",
            "models": [{ "id": "gpt-proxy", "reasoning": true }],
          },
          /* An Anthropic-compatible gateway with an extra header. */
          "claude-gateway": {
            "baseUrl": "${server.url}/gateway",
            "api": "anthropic-messages",
            "apiKey": "GATEWAY_KEY",
            "headers": { "X-Team": "!printf platform", "X-Static": "literal-value" },
            "models": [{ "id": "claude-gw", "headers": { "X-Model-Tag": "TAG_VAR" } }],
          },
          "gemini-proxy": {
            "baseUrl": "${server.url}/gemini/v1beta",
            "api": "google-generative-ai",
            "apiKey": "gemini-literal-key",
            "authHeader": "Authorization",
            "models": [{ "id": "gemini-proxy-1" }],
          },
        },
      }`,
    );
    const env = cleanEnv({ GATEWAY_KEY: "gateway-key", TAG_VAR: "tag-from-env" });
    const registry = createRegistry({ agentDir: dir, env });
    expect(await registry.problems()).toEqual([]);

    server.enqueue(openaiCompletionsReply({ text: "from ollama" }));
    const ollama = await ask(registry, "ollama/llama3.1:8b");
    expect(ollama.text).toBe("from ollama");
    expect(ollama.request.path).toBe("/ollama/v1/chat/completions");
    expect(ollama.request.headers.authorization).toBeUndefined();
    expect(ollama.request.json).toMatchObject({ model: "llama3.1:8b" });

    server.enqueue(openaiResponsesReply({ text: "from responses" }));
    const responses = await ask(registry, "responses-proxy/gpt-proxy");
    expect(responses.text).toBe("from responses");
    expect(responses.request.path).toBe("/proxy/v1/responses");
    expect(responses.request.headers.authorization).toBe("Bearer responses-key");

    server.enqueue(anthropicMessagesReply({ text: "from the gateway" }));
    const claude = await ask(registry, "claude-gateway/claude-gw");
    expect(claude.text).toBe("from the gateway");
    expect(claude.request.path).toBe("/gateway/v1/messages");
    expect(claude.request.headers["x-api-key"]).toBe("gateway-key");
    expect(claude.request.headers["x-team"]).toBe("platform");
    expect(claude.request.headers["x-static"]).toBe("literal-value");
    expect(claude.request.headers["x-model-tag"]).toBe("tag-from-env");

    server.enqueue(googleGenerativeAiReply({ text: "from gemini" }));
    const gemini = await ask(registry, "gemini-proxy/gemini-proxy-1");
    expect(gemini.text).toBe("from gemini");
    expect(gemini.request.path).toBe("/gemini/v1beta/models/gemini-proxy-1:streamGenerateContent");
    expect(gemini.request.headers.authorization).toBe("Bearer gemini-literal-key");
    expect(gemini.request.headers["x-goog-api-key"]).toBeUndefined();
  });

  test("authHeader: a header name sends the raw key there; false sends none and needs none", async () => {
    await writeIn(dir, "models.json", {
      providers: {
        "raw-header": {
          baseUrl: `${server.url}/raw/v1`,
          api: "openai-completions",
          apiKey: "raw-key",
          authHeader: "api-key",
          models: [{ id: "m" }],
        },
        keyless: {
          baseUrl: `${server.url}/keyless/v1`,
          api: "openai-completions",
          apiKey: "!exit 1",
          authHeader: false,
          models: [{ id: "m" }],
        },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    server.enqueue(openaiCompletionsReply({ text: "raw" }), openaiCompletionsReply({ text: "none" }));
    const raw = await ask(registry, "raw-header/m");
    expect(raw.request.headers["api-key"]).toBe("raw-key");
    expect(raw.request.headers.authorization).toBeUndefined();
    // The failing key command is never run: no key is sent, so none is looked up.
    const keyless = await ask(registry, "keyless/m");
    expect(keyless.text).toBe("none");
    expect(keyless.request.headers.authorization).toBeUndefined();
  });

  test("a header value whose key spec fails is an error naming the header and file", async () => {
    await writeIn(dir, "models.json", {
      providers: {
        ollama: {
          baseUrl: `${server.url}/ollama/v1`,
          api: "openai-completions",
          headers: { "X-Token": "UNSET_TOKEN_VAR" },
          models: [{ id: "m" }],
        },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    const before = server.requests.length;
    const { message } = await drain(registry.stream((await registry.findModel("ollama/m"))!, HELLO));
    expect(message.errorMessage).toContain(
      `The value of header "X-Token" for ollama/m in ${dir}/models.json cannot be used:`,
    );
    expect(message.errorMessage).toContain("UNSET_TOKEN_VAR");
    expect(server.requests.length).toBe(before);
  });
});

describe("defaults and overrides", () => {
  test("a new model gets the documented defaults", async () => {
    await writeIn(dir, "models.json", {
      providers: {
        ollama: {
          baseUrl: "http://127.0.0.1:11434/v1",
          api: "openai-completions",
          models: [{ id: "qwen3" }],
        },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.models("ollama")).toEqual([
      {
        provider: "ollama",
        id: "qwen3",
        name: "qwen3",
        api: "openai-completions",
        baseUrl: "http://127.0.0.1:11434/v1",
        reasoning: false,
        input: ["text"],
        contextWindow: 128_000,
        maxTokens: 16_384,
        cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      },
    ]);
    expect((await registry.providers()).find((provider) => provider.id === "ollama")).toEqual({
      id: "ollama",
      name: "ollama",
      api: "openai-completions",
      baseUrl: "http://127.0.0.1:11434/v1",
      env: [],
      defaultModel: "qwen3",
      origin: "models.json",
    });
  });

  test("a built-in id overrides fields, changes models by id, adds models, and applies modelOverrides", async () => {
    const builtin = await createRegistry({ agentDir: dir, env: cleanEnv() }).models("anthropic");
    const [first, second] = builtin;
    await writeIn(dir, "models.json", {
      providers: {
        anthropic: {
          name: "Anthropic (work proxy)",
          baseUrl: "https://llm-proxy.example.com",
          compat: { supportsPromptCaching: false },
          models: [
            { id: first!.id, maxTokens: 1234 },
            { id: "claude-internal", name: "Internal", input: ["text", "image"] },
          ],
          modelOverrides: { [second!.id]: { name: "Renamed", cost: { input: 9 } } },
        },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.problems()).toEqual([]);
    const info = (await registry.providers()).find((provider) => provider.id === "anthropic")!;
    expect(info).toMatchObject({
      name: "Anthropic (work proxy)",
      baseUrl: "https://llm-proxy.example.com",
      origin: "builtin",
    });
    expect(info.env).toEqual(["ANTHROPIC_API_KEY"]);
    const models = await registry.models("anthropic");
    expect(models).toHaveLength(builtin.length + 1);
    expect(models.every((model) => model.baseUrl === "https://llm-proxy.example.com")).toBe(true);
    expect(models.every((model) => model.compat?.supportsPromptCaching === false)).toBe(true);
    const changed = models.find((model) => model.id === first!.id)!;
    expect(changed).toMatchObject({
      maxTokens: 1234,
      name: first!.name,
      contextWindow: first!.contextWindow,
      cost: first!.cost,
    });
    const renamed = models.find((model) => model.id === second!.id)!;
    expect(renamed).toMatchObject({ name: "Renamed", cost: { ...second!.cost, input: 9 } });
    expect(models.at(-1)).toMatchObject({
      id: "claude-internal",
      name: "Internal",
      api: "anthropic-messages",
      input: ["text", "image"],
      contextWindow: 128_000,
    });
  });

  test('a header set to "" removes a vendor header', async () => {
    await writeIn(dir, "models.json", {
      providers: { openrouter: { baseUrl: `${server.url}/api/v1`, headers: { "X-Title": "" } } },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ OPENROUTER_API_KEY: "or-key" }) });
    const model = (await registry.models("openrouter"))[0]!;
    server.enqueue(openaiCompletionsReply({ text: "ok" }));
    const { request } = await ask(registry, `openrouter/${model.id}`);
    expect(request.headers["x-title"]).toBeUndefined();
    expect(request.headers["http-referer"]).toBeDefined();
  });
});

describe("the file format", () => {
  test("comments, trailing commas, a $schema key and a BOM are accepted", async () => {
    await writeIn(
      dir,
      "models.json",
      `\uFEFF{
  "$schema": "https://unpkg.com/@elyra/registry/models.schema.json",
  // line comment
  "providers": {
    /* block comment */
    "lmstudio": { "baseUrl": "http://127.0.0.1:1234/v1", "api": "openai-completions", "models": [{ "id": "local", }, ], },
  },
}
`,
    );
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.problems()).toEqual([]);
    expect((await registry.models("lmstudio")).map((model) => model.id)).toEqual(["local"]);
  });

  test("the example in README.md is valid and does what it says", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const example = /```jsonc\n([\s\S]*?)```/.exec(readme)![1]!;
    await writeIn(dir, "models.json", example);
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.problems()).toEqual([]);
    expect((await registry.models("ollama")).map((model) => model.id)).toEqual(["qwen3:32b", "llama3.1:8b"]);
    const sonnet = await registry.findModel("anthropic/claude-sonnet-4-6");
    expect(sonnet).toMatchObject({ maxTokens: 32000, baseUrl: "https://llm-proxy.example.com" });
  });

  test("an empty file, and no file at all, change nothing", async () => {
    const none = createRegistry({ agentDir: dir, env: cleanEnv() });
    const count = (await none.providers()).length;
    expect(count).toBe(28);
    await writeIn(dir, "models.json", "  \n");
    const empty = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await empty.problems()).toEqual([]);
    expect((await empty.providers()).length).toBe(count);
  });
});

describe("reload()", () => {
  test("picks up an edit of models.json, and a fix of a broken one", async () => {
    await writeIn(dir, "models.json", {
      providers: {
        ollama: { baseUrl: "http://127.0.0.1:11434/v1", api: "openai-completions", models: [{ id: "a" }] },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect((await registry.models("ollama")).map((model) => model.id)).toEqual(["a"]);

    await writeIn(dir, "models.json", '{ "providers": { "ollama": { "baseURL": "x" } } }');
    expect((await registry.models("ollama")).map((model) => model.id)).toEqual(["a"]);
    await registry.reload();
    expect(await registry.models("ollama")).toEqual([]);
    expect((await registry.problems()).map((problem) => problem.field)).toEqual(["providers.ollama.baseURL"]);

    await writeIn(dir, "models.json", {
      providers: {
        ollama: {
          baseUrl: "http://127.0.0.1:11434/v1",
          api: "openai-completions",
          models: [{ id: "a" }, { id: "b" }],
        },
      },
    });
    await registry.reload();
    expect((await registry.models("ollama")).map((model) => model.id)).toEqual(["a", "b"]);
    expect(await registry.problems()).toEqual([]);
  });
});

describe("findModel", () => {
  test('"provider/id", a bare id, and ids that hold a slash', async () => {
    await writeIn(dir, "models.json", {
      providers: {
        ollama: {
          baseUrl: "http://127.0.0.1:11434/v1",
          api: "openai-completions",
          models: [{ id: "shared" }, { id: "org/model" }],
        },
        lmstudio: {
          baseUrl: "http://127.0.0.1:1234/v1",
          api: "openai-completions",
          models: [{ id: "shared" }],
        },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect((await registry.findModel("lmstudio/shared"))?.provider).toBe("lmstudio");
    expect((await registry.findModel("shared"))?.provider).toBe("ollama");
    expect((await registry.findModel("ollama/org/model"))?.id).toBe("org/model");
    expect((await registry.findModel("org/model"))?.provider).toBe("ollama");
    expect(await registry.findModel("nope/never")).toBeUndefined();

    await writeIn(dir, "settings.json", { defaultProvider: "lmstudio" });
    await registry.reload();
    expect((await registry.findModel("shared"))?.provider).toBe("lmstudio");
  });
});
