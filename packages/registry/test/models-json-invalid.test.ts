import { afterAll, beforeAll, expect, test } from "vitest";
import { createRegistry } from "../src/index.js";
import { cleanEnv, removeDir, tempAgentDir, writeIn } from "./helpers.js";

/** models.json with one provider entry, pretty-printed so positions are easy to count: the entry is on line 3. */
function withProvider(id: string, entry: unknown): string {
  return JSON.stringify({ providers: { [id]: entry } }, null, 2);
}

const OLLAMA = { baseUrl: "http://127.0.0.1:11434/v1", api: "openai-completions" };

/**
 * Each case: a file, and the problems it must produce (after `<file>:`). Lines and columns are 1-based; for
 * an unknown key the position is the key's, for a bad value the value's, for a missing field its object's.
 */
const CASES: { name: string; file: string; problems: string[] }[] = [
  {
    name: "unknown key, with a suggestion",
    file: withProvider("ollama", { baseURL: "http://127.0.0.1:11434/v1", api: "openai-completions" }),
    problems: ['4:7: providers.ollama.baseURL: unknown key — did you mean "baseUrl"?'],
  },
  {
    name: "unknown top-level key, with a suggestion",
    file: JSON.stringify({ provider: {} }, null, 2),
    problems: ['2:3: provider: unknown key — did you mean "providers"?'],
  },
  {
    name: "unknown key with nothing close: the keys that are allowed",
    file: withProvider("ollama", { ...OLLAMA, temperature: 0.2 }),
    problems: [
      "6:7: providers.ollama.temperature: unknown key; expected one of: name, baseUrl, api, apiKey, headers, authHeader, compat, models, modelOverrides",
    ],
  },
  {
    name: "unknown key in a model",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", contextwindow: 8192 }] }),
    problems: ['9:11: providers.ollama.models[0].contextwindow: unknown key — did you mean "contextWindow"?'],
  },
  {
    name: "bad compat flag",
    file: withProvider("ollama", { ...OLLAMA, compat: { supportsDevRole: false } }),
    problems: [
      '7:9: providers.ollama.compat.supportsDevRole: unknown compat flag — did you mean "supportsDeveloperRole"?',
    ],
  },
  {
    name: "bad compat value",
    file: withProvider("ollama", { ...OLLAMA, compat: { maxTokensField: "max_token" } }),
    problems: [
      '7:27: providers.ollama.compat.maxTokensField: must be one of "max_completion_tokens", "max_tokens" — did you mean "max_tokens"?',
    ],
  },
  {
    name: "compat flag of the wrong type",
    file: withProvider("ollama", { ...OLLAMA, compat: { supportsStore: "no" } }),
    problems: ["7:26: providers.ollama.compat.supportsStore: expected true or false, got a string"],
  },
  {
    name: "bad api name, with a suggestion",
    file: withProvider("ollama", { ...OLLAMA, api: "openai-completion" }),
    problems: [
      '5:14: providers.ollama.api: unknown API "openai-completion" — did you mean "openai-completions"?',
    ],
  },
  {
    name: "bad api name with nothing close: the APIs that exist",
    file: withProvider("ollama", { ...OLLAMA, api: "chat" }),
    problems: [
      '5:14: providers.ollama.api: unknown API "chat"; known APIs: anthropic-messages, bedrock-converse-stream, google-generative-ai, google-vertex, openai-completions, openai-responses',
    ],
  },
  {
    name: "new provider without baseUrl",
    file: withProvider("ollama", { api: "openai-completions" }),
    problems: [
      '3:5: providers.ollama: a new provider needs "baseUrl" (no built-in or package provider is called "ollama")',
    ],
  },
  {
    name: "new provider without baseUrl and api, whose id is a near miss",
    file: withProvider("opnai", { models: [{ id: "gpt-x" }] }),
    problems: ['3:5: providers.opnai: a new provider needs "baseUrl" and "api" — did you mean "openai"?'],
  },
  {
    name: "model without id",
    file: withProvider("ollama", { ...OLLAMA, models: [{ name: "Llama 3" }] }),
    problems: ["7:9: providers.ollama.models[0].id: is required (a string)"],
  },
  {
    name: "model with an empty id",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "" }] }),
    problems: ["8:17: providers.ollama.models[0].id: must not be empty"],
  },
  {
    name: "negative cost",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", cost: { input: -1 } }] }),
    problems: ["10:22: providers.ollama.models[0].cost.input: must not be negative"],
  },
  {
    name: "duplicate model ids",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3" }, { id: "llama3" }] }),
    problems: ['11:17: providers.ollama.models[1].id: duplicate model id "llama3" (already at models[0])'],
  },
  {
    name: "context window of the wrong type",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", contextWindow: "128k" }] }),
    problems: ["9:28: providers.ollama.models[0].contextWindow: expected a number, got a string"],
  },
  {
    name: "fractional maxTokens",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", maxTokens: 1.5 }] }),
    problems: ["9:24: providers.ollama.models[0].maxTokens: expected a whole number, got 1.5"],
  },
  {
    name: "zero maxTokens",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", maxTokens: 0 }] }),
    problems: ["9:24: providers.ollama.models[0].maxTokens: must be greater than 0"],
  },
  {
    name: "unknown input modality",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", input: ["text", "video"] }] }),
    problems: ['11:13: providers.ollama.models[0].input[1]: must be one of "text", "image"'],
  },
  {
    name: "reasoning of the wrong type",
    file: withProvider("ollama", { ...OLLAMA, models: [{ id: "llama3", reasoning: "yes" }] }),
    problems: ["9:24: providers.ollama.models[0].reasoning: expected true or false, got a string"],
  },
  {
    name: "baseUrl that is not an http(s) URL",
    file: withProvider("ollama", { ...OLLAMA, baseUrl: "localhost:11434" }),
    problems: ["4:18: providers.ollama.baseUrl: must be an http:// or https:// URL"],
  },
  {
    name: "header value of the wrong type",
    file: withProvider("ollama", { ...OLLAMA, headers: { "X-Retries": 3 } }),
    problems: ["7:22: providers.ollama.headers.X-Retries: expected a string, got a number"],
  },
  {
    name: "authHeader that is neither a boolean nor a header name",
    file: withProvider("ollama", { ...OLLAMA, authHeader: "x api key" }),
    problems: [
      "6:21: providers.ollama.authHeader: must be true, false or a header name (letters, digits and -)",
    ],
  },
  {
    name: "empty apiKey",
    file: withProvider("ollama", { ...OLLAMA, apiKey: "" }),
    problems: ["6:17: providers.ollama.apiKey: must not be empty"],
  },
  {
    name: "models that is not a list",
    file: withProvider("ollama", { ...OLLAMA, models: { id: "llama3" } }),
    problems: ["6:17: providers.ollama.models: expected an array, got an object"],
  },
  {
    name: "override of a model the provider does not have, with a suggestion",
    file: withProvider("ollama", {
      ...OLLAMA,
      models: [{ id: "llama3" }],
      modelOverrides: { "llama-3": { maxTokens: 4096 } },
    }),
    problems: [
      '12:9: providers.ollama.modelOverrides.llama-3: "ollama" has no model "llama-3" — did you mean "llama3"?',
    ],
  },
  {
    name: "unknown gemini thinking level",
    file: withProvider("ollama", { ...OLLAMA, compat: { geminiThinkingValues: { max: 1 } } }),
    problems: [
      "8:11: providers.ollama.compat.geminiThinkingValues.max: unknown key; expected one of: minimal, low, medium, high, xhigh",
    ],
  },
  {
    name: "provider id with a space",
    file: withProvider("my proxy", OLLAMA),
    problems: [
      `3:5: providers["my proxy"]: a provider id starts with a letter or digit and holds only letters, digits, '.', '_' and '-'`,
    ],
  },
  {
    name: "providers that is not an object",
    file: '{ "providers": "ollama" }',
    problems: ["1:16: providers: expected an object, got a string"],
  },
  {
    name: "a top-level array",
    file: "[]",
    problems: ["1:1: expected an object, got an array"],
  },
  {
    name: "syntax error: a missing comma",
    file: '{\n  "providers": {\n    "ollama": { "api": "openai-completions" "baseUrl": "http://x" }\n  }\n}',
    problems: ["3:45: not valid JSON: expected ',' between entries"],
  },
  {
    name: "syntax error: an unclosed object",
    file: '{\n  "providers": {\n    "ollama": {}\n',
    problems: ["4:1: not valid JSON: expected '}'"],
  },
  {
    name: "syntax error: an unquoted key",
    file: "{\n  providers: {}\n}",
    problems: ["2:3: not valid JSON: expected a property name in double quotes"],
  },
  {
    name: "syntax error: an unterminated string",
    file: '{\n  "providers": {\n    "ollama": { "api": "openai-\n',
    problems: ["3:24: not valid JSON: a string is not closed"],
  },
  {
    name: "several problems at once, each reported",
    file: withProvider("ollama", { baseURL: "http://x", api: 5, models: [{ id: "a", cost: { input: -2 } }] }),
    problems: [
      '4:7: providers.ollama.baseURL: unknown key — did you mean "baseUrl"?',
      "5:14: providers.ollama.api: expected a string, got a number",
      "10:22: providers.ollama.models[0].cost.input: must not be negative",
    ],
  },
];

let dir: string;
beforeAll(async () => {
  dir = await tempAgentDir();
});
afterAll(async () => {
  await removeDir(dir);
});

test("there are at least 20 invalid files", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(20);
});

test.each(CASES)("$name", async ({ file, problems }) => {
  const path = await writeIn(dir, "models.json", file);
  const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
  const found = await registry.problems();
  expect(found.map((problem) => problem.message)).toEqual(problems.map((problem) => `${path}:${problem}`));
  expect(found.every((problem) => problem.kind === "models.json" && problem.file === path)).toBe(true);
  const [line, column] = problems[0]!.split(":").map(Number);
  expect(found[0]).toMatchObject({ line, column });
  // A broken file never hides the built-ins.
  const ids = (await registry.providers()).map((provider) => provider.id);
  expect(ids).toEqual(expect.arrayContaining(["anthropic", "openai", "google", "groq", "amazon-bedrock"]));
  expect((await registry.models("anthropic")).length).toBeGreaterThan(0);
});

test("field names the problems point at", async () => {
  await writeIn(dir, "models.json", withProvider("ollama", { ...OLLAMA, baseURL: "x" }));
  const [problem] = await createRegistry({ agentDir: dir, env: cleanEnv() }).problems();
  expect(problem).toMatchObject({
    kind: "models.json",
    field: "providers.ollama.baseURL",
    line: 6,
    column: 7,
  });
});

test("a broken entry is skipped and the other entries still apply", async () => {
  await writeIn(
    dir,
    "models.json",
    JSON.stringify({
      providers: {
        broken: { ...OLLAMA, baseURL: "http://x" },
        ollama: { ...OLLAMA, models: [{ id: "llama3" }] },
        groq: { name: "Groq via proxy", baseUrl: "http://127.0.0.1:9/v1" },
      },
    }),
  );
  const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
  expect(await registry.problems()).toHaveLength(1);
  const ids = (await registry.providers()).map((provider) => provider.id);
  expect(ids).toContain("ollama");
  expect(ids).not.toContain("broken");
  expect((await registry.providers()).find((provider) => provider.id === "groq")?.name).toBe(
    "Groq via proxy",
  );
});

test("messages never quote a string value from the file, which could be a key", async () => {
  await writeIn(
    dir,
    "models.json",
    withProvider("ollama", { ...OLLAMA, apiKey: 12345678, headers: { Authorization: ["sk-secret-value"] } }),
  );
  const problems = await createRegistry({ agentDir: dir, env: cleanEnv() }).problems();
  expect(problems.map((problem) => problem.message.slice(problem.message.indexOf(": ") + 2))).toEqual([
    "providers.ollama.apiKey: expected a string, got a number",
    "providers.ollama.headers.Authorization: expected a string, got an array",
  ]);
  expect(JSON.stringify(problems)).not.toContain("sk-secret-value");
  expect(JSON.stringify(problems)).not.toContain("12345678");
});
