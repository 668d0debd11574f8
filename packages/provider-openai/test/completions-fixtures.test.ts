import { type MockServer, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiCompletions } from "../src/index.js";
import { fixtureStreams } from "./fixture-streams.js";
import {
  type Collected,
  collect,
  expectEventsToRebuildMessage,
  expectUsage,
  testModel,
  textOf,
  thinkingOf,
  toolCallsOf,
} from "./helpers.js";

/** What each recorded chat-completions stream must come out as. Every fixture needs an entry. */
const EXPECTED: Record<string, (result: Collected) => void> = {
  "deepseek-reasoner-reasoning-content.sse": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(thinkingOf(message)).toHaveLength(882);
    expect(thinkingOf(message).startsWith('Hmm, the user just said "Hello".')).toBe(true);
    expect(textOf(message)).toBe("Hello there! 😊 How can I help you today?");
    expectUsage(message, { input: 6, output: 212, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "deepseek-reasoner-reasoning-then-tool-call.chunks.jsonl": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "toolCall"]);
    expect(thinkingOf(message)).toHaveLength(191);
    expect(thinkingOf(message).startsWith("The user is asking for the weather in San Francisco")).toBe(true);
    expect(toolCallsOf(message)).toEqual([
      {
        type: "toolCall",
        id: "call_00_ioIn7yN9p1ZOMNpDLwd4MgAF",
        name: "weather",
        arguments: { location: "San Francisco" },
      },
    ]);
    // DeepSeek: 339 prompt tokens of which 320 were cache hits.
    expectUsage(message, { input: 19, output: 83, cacheRead: 320 });
    expect(message.stopReason).toBe("toolUse");
  },
  "groq-gpt-oss-120b-reasoning-then-midstream-error.sse": ({ message, terminal }) => {
    expect(terminal.type).toBe("error");
    if (terminal.type !== "error") return;
    expect(terminal.error.code).toBe("tool_use_failed");
    expect(terminal.error.status).toBe(400);
    expect(terminal.error.retryable).toBe(false);
    expect(message.errorMessage).toContain("Tool call validation failed");
    expect(message.stopReason).toBe("error");
    // The reasoning before the error survives.
    expect(message.content.map((block) => block.type)).toEqual(["thinking"]);
    expect(thinkingOf(message)).toHaveLength(412);
    expect(thinkingOf(message).startsWith("We need to call the tool with invalid parameters")).toBe(true);
  },
  "groq-llama-3.3-70b-tool-call-single-chunk.chunks.jsonl": ({ message }) => {
    expect(message.content).toEqual([{ type: "toolCall", id: "tk85n1k4m", name: "weather", arguments: {} }]);
    expectUsage(message, { input: 210, output: 15, cacheRead: 0 });
    expect(message.stopReason).toBe("toolUse");
  },
  "mistral-magistral-medium-thinking-content-array.sse": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(thinkingOf(message)).toHaveLength(421);
    expect(thinkingOf(message).startsWith("Okay, the user is asking how to cross the street.")).toBe(true);
    expect(textOf(message)).toHaveLength(607);
    expect(textOf(message).startsWith("To cross the street safely, follow these steps:\n\n1. Look")).toBe(
      true,
    );
    expect(textOf(message).endsWith("you can ensure a safe crossing.")).toBe(true);
    expectUsage(message, { input: 10, output: 232, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openai-gpt-4o-mini-tool-call-obfuscation.sse": ({ message }) => {
    expect(message.content).toEqual([
      {
        type: "toolCall",
        id: "call_ZR5UUuTt3pf61kjwAJIYdVMj",
        name: "get_capital",
        arguments: { country: "UK" },
      },
    ]);
    expectUsage(message, { input: 53, output: 15, cacheRead: 0 });
    expect(message.stopReason).toBe("toolUse");
  },
  "openai-gpt-4o-n3-multiple-choices.sse": ({ message }) => {
    // Choices 1 and 2 interleave with choice 0 and must not leak into it.
    expect(message.content).toEqual([
      { type: "text", text: '{"city":"San Francisco","temperature":65,"units":"f"}' },
    ]);
    expectUsage(message, { input: 79, output: 42, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openai-gpt-4o-parallel-tool-calls.sse": ({ message }) => {
    expect(message.content).toEqual([
      {
        type: "toolCall",
        id: "call_JMW1whyEaYG438VE1OIflxA2",
        name: "GetWeatherArgs",
        arguments: { city: "Edinburgh", country: "GB", units: "c" },
      },
      {
        type: "toolCall",
        id: "call_DNYTawLBoN8fj3KN6qU9N1Ou",
        name: "get_stock_price",
        arguments: { ticker: "AAPL", exchange: "NASDAQ" },
      },
    ]);
    expectUsage(message, { input: 149, output: 60, cacheRead: 0 });
    expect(message.stopReason).toBe("toolUse");
  },
  "openai-gpt-4o-refusal.sse": ({ message }) => {
    expect(message.content).toEqual([{ type: "text", text: "I'm sorry, I can't assist with that request." }]);
    expectUsage(message, { input: 79, output: 11, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openai-gpt-4o-text-logprobs.sse": ({ message }) => {
    expect(message.content).toEqual([{ type: "text", text: "Foo!" }]);
    expect(message.responseId).toBe("chatcmpl-ABfw5EzoqmfXjnnsXY7Yd8OC6tb3c");
    expectUsage(message, { input: 9, output: 2, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openrouter-claude-sonnet-4.5-reasoning-details.sse": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const thinking = message.content[0];
    if (thinking?.type !== "thinking") throw new Error("no thinking block");
    expect(thinking.thinking).toBe("This is a simple arithmetic question. 2+2 equals 4.");
    // The assembled reasoning_details, kept for replay: text joined, signature from its own fragment.
    const details = JSON.parse(thinking.signature ?? "null");
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({
      type: "reasoning.text",
      text: "This is a simple arithmetic question. 2+2 equals 4.",
      format: "anthropic-claude-v1",
      index: 0,
    });
    expect(
      details[0].signature.startsWith("Et0BCkgIChACGAIqQA2s7h7tA7IG35fbwVkou9PM2hANVJNUwcEM4q12fTRDK6y3v6"),
    ).toBe(true);
    expect(textOf(message)).toBe("2 + 2 = 4");
    expectUsage(message, { input: 43, output: 36, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openrouter-minimax-m2-midstream-error-chunk.sse": ({ message, terminal }) => {
    expect(terminal.type).toBe("error");
    if (terminal.type !== "error") return;
    expect(terminal.error.message).toContain("Token limit reached");
    expect(terminal.error.status).toBe(400);
    expect(message.stopReason).toBe("error");
    expect(thinkingOf(message)).toBe("We need to respond to a greeting. The user");
    // The error chunk carried the usage of what was generated; it is kept.
    expectUsage(message, { input: 43, output: 10, cacheRead: 0 });
  },
  "xai-grok-3-mini-reasoning-tool-call-cached.chunks.jsonl": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "toolCall"]);
    expect(thinkingOf(message)).toHaveLength(1069);
    expect(thinkingOf(message).startsWith("First, the user is asking about the weather in San")).toBe(true);
    expect(toolCallsOf(message)).toEqual([
      { type: "toolCall", id: "call_79382389", name: "weather", arguments: { location: "San Francisco" } },
    ]);
    // xAI counts 227 reasoning tokens on top of completion_tokens (26): total 560 = 307 + 26 + 227.
    expectUsage(message, { input: 1, output: 253, cacheRead: 306 });
    expect(message.stopReason).toBe("toolUse");
  },
};

describe("openai-completions: recorded streams", () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(() => server.close());

  const fixtures = fixtureStreams("openai-completions");

  it("has an expectation for every fixture", () => {
    expect(fixtures.map((fixture) => fixture.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const fixture of fixtures) {
    it(`replays ${fixture.name}`, async () => {
      server.enqueue({ kind: "raw", body: fixture.bytes });
      const model = testModel("openai-completions", { baseUrl: `${server.url}/v1` });
      const result = await collect(
        openaiCompletions.stream(
          model,
          { messages: [{ role: "user", content: "hi" }] },
          { credential: "sk-test" },
        ),
      );
      EXPECTED[fixture.name]?.(result);
      expectEventsToRebuildMessage(result);
    });
  }
});
