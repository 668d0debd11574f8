import type { Model } from "../src/index.js";

/** A model for tests; cost $3 / $15 / $0.30 / $3.75 per 1M tokens makes priced usage easy to check. */
export function testModel(overrides: Partial<Model> = {}): Model {
  return {
    provider: "acme",
    id: "acme-1",
    name: "Acme 1",
    api: "openai-completions",
    baseUrl: "http://127.0.0.1:1/v1",
    reasoning: true,
    input: ["text"],
    contextWindow: 100_000,
    maxTokens: 8_000,
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    ...overrides,
  };
}
