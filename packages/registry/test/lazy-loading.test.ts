import { openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { builtinPackageSources } from "../src/builtin-plugins.js";
import { createRegistry } from "../src/index.js";
import { cleanEnv, drain, HELLO, removeDir, tempAgentDir, writeIn } from "./helpers.js";

// Counts the first import of each package: a mock factory runs when its module is first imported.
const loads = vi.hoisted(() => ({ kit: 0, openai: 0, anthropic: 0, google: 0 }));
vi.mock("@elyra/provider-kit", async (original) => {
  loads.kit++;
  return original();
});
vi.mock("@elyra/provider-openai", async (original) => {
  loads.openai++;
  return original();
});
vi.mock("@elyra/provider-anthropic", async (original) => {
  loads.anthropic++;
  return original();
});
vi.mock("@elyra/provider-google", async (original) => {
  loads.google++;
  return original();
});

let dir: string;
beforeAll(async () => {
  dir = await tempAgentDir();
});
afterAll(async () => {
  await removeDir(dir);
});

test("listing, credentials and status import no wire API package (nor provider-kit's HTTP stack)", async () => {
  await writeIn(dir, "models.json", { providers: { groq: { apiKey: "!printf key" } } });
  const registry = createRegistry({ agentDir: dir, env: cleanEnv({ OPENAI_API_KEY: "sk-test" }) });
  expect((await registry.providers()).length).toBe(28);
  expect((await registry.models()).length).toBeGreaterThan(100);
  await registry.findModel("anthropic/claude-sonnet-4-6");
  await registry.status();
  expect(await registry.credentialFor("openai")).toMatchObject({ source: "env" });
  expect(await registry.credentialFor("groq")).toMatchObject({ source: "models.json" });
  expect(await registry.problems()).toEqual([]);
  expect(loads).toEqual({ kit: 0, openai: 0, anthropic: 0, google: 0 });
});

test("a request imports the one package whose API it uses; api() imports the package that serves it", async () => {
  const server = await startMockServer();
  try {
    await writeIn(dir, "models.json", { providers: { groq: { baseUrl: `${server.url}/openai/v1` } } });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ GROQ_API_KEY: "gsk-test" }) });
    server.enqueue(openaiCompletionsReply({ text: "hi" }));
    const { text } = await drain(registry.stream((await registry.models("groq"))[0]!, HELLO));
    expect(text).toBe("hi");
    expect(loads).toEqual({ kit: 1, openai: 1, anthropic: 0, google: 0 });
    expect(await registry.api("anthropic-messages")).toMatchObject({ api: "anthropic-messages" });
    expect(loads).toMatchObject({ openai: 1, anthropic: 1, google: 0 });
    expect(await registry.api("google-generative-ai")).toMatchObject({ api: "google-generative-ai" });
    expect(loads).toMatchObject({ openai: 1, anthropic: 1, google: 1 });
  } finally {
    await server.close();
  }
});

test("what the registry declares for each built-in package is what the package exports", async () => {
  for (const source of builtinPackageSources()) {
    const plugin = await source.load();
    expect(plugin, `${source.name}: ${source.failure}`).toBeDefined();
    expect(plugin!.name).toBe(source.name);
    expect((plugin!.apis ?? []).map((impl) => impl.api).sort()).toEqual([...source.declares!.apis].sort());
    expect((plugin!.providers ?? []).map((provider) => provider.id).sort()).toEqual(
      [...source.declares!.providers].sort(),
    );
  }
});

test("each built-in package's providers are in the catalog with the same API, so a listing needs no import", async () => {
  const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
  const listed = new Map((await registry.providers()).map((provider) => [provider.id, provider]));
  for (const source of builtinPackageSources()) {
    for (const provider of (await source.load())!.providers ?? []) {
      expect(listed.get(provider.id), provider.id).toMatchObject({ api: provider.api, origin: "builtin" });
      expect((await registry.models(provider.id)).length, provider.id).toBeGreaterThan(0);
    }
  }
});
