import { type MockServer, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiResponses } from "../src/index.js";
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

/** What each recorded Responses stream must come out as. Every fixture needs an entry. */
const EXPECTED: Record<string, (result: Collected) => void> = {
  "openai-gpt-4o-function-call.sse": ({ message }) => {
    expect(message.content).toEqual([
      {
        type: "toolCall",
        id: "call_kL0PCQV7M2WMoVX8V8OtYSAL|fc_67e554a1de488191af0831d35cbe082e0794405d35281ae2",
        name: "get_capital",
        arguments: { country: "France" },
      },
    ]);
    expect(message.responseId).toBe("resp_67e554a155508191900ee113293c4c830794405d35281ae2");
    expectUsage(message, { input: 255, output: 16, cacheRead: 0 });
    expect(message.stopReason).toBe("toolUse");
  },
  "openai-gpt-5-reasoning-function-call-usage.sse": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "toolCall"]);
    // No summary was asked for: the thinking block is empty but holds the item to replay.
    const item = reasoningItem(message, 0);
    expect(item.id).toBe("rs_0050471a34b36ae60068c97bac4dcc819595fd0f80d6b3c405");
    expect(item.summary).toEqual([]);
    expect(item.encrypted_content.startsWith("gAAAAABoyXvx")).toBe(true);
    expect(toolCallsOf(message)).toEqual([
      {
        type: "toolCall",
        id: "call_CWXgs68YprAjp6t0371hiPOI|fc_0050471a34b36ae60068c97bf19d9c819590eaf42c0edc1042",
        name: "final_result",
        arguments: { result: 6666 },
      },
    ]);
    expectUsage(message, { input: 53, output: 469, cacheRead: 0 });
    expect(message.stopReason).toBe("toolUse");
  },
  "openai-gpt-5-web-search-annotations-cached.sse": ({ message }) => {
    // Two reasoning items around a web search (which Elyra has no block for), then the answer.
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "thinking", "text"]);
    expect(reasoningItem(message, 0).encrypted_content.length).toBeGreaterThan(100);
    expect(reasoningItem(message, 1).encrypted_content.length).toBeGreaterThan(100);
    expect(textOf(message)).toHaveLength(212);
    expect(
      textOf(message).startsWith("San Francisco weather today (Tuesday, September 16, 2025): Mostly sunn"),
    ).toBe(true);
    expect(textOf(message).endsWith("acket is useful for the cooler evening. ")).toBe(true);
    expectUsage(message, { input: 9463 - 8320, output: 582, cacheRead: 8320 });
    expect(message.stopReason).toBe("stop");
  },
  "openai-gpt-5.2-web-search-url-citation-annotation.sse": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["text"]);
    expect(textOf(message)).toHaveLength(162);
    expect(textOf(message).startsWith("The tallest mountain in Alberta is **Mount Columbia** (3,747 m")).toBe(
      true,
    );
    expect(
      textOf(message).endsWith("(https://www.britannica.com/place/Mount-Columbia?utm_source=openai))"),
    ).toBe(true);
    expectUsage(message, { input: 12243, output: 140, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openai-insufficient-quota-error-then-failed.chunks.jsonl": ({ message, terminal }) => {
    expect(terminal.type).toBe("error");
    if (terminal.type !== "error") return;
    expect(terminal.error.code).toBe("insufficient_quota");
    expect(terminal.error.retryable).toBe(false);
    expect(terminal.error.message).toContain("You exceeded your current quota");
    expect(message.stopReason).toBe("error");
    expect(message.content).toEqual([]);
    expect(message.responseId).toBe("resp_05500b38c2cd9bfc00691c7c9d222481a3b595421266dab424");
  },
  "openai-o3-mini-reasoning-summary.sse": ({ message }) => {
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const thinking = thinkingOf(message);
    // Four summary parts (460, 517, 540 and 505 characters), kept apart by blank lines.
    expect(thinking).toHaveLength(460 + 517 + 540 + 505 + 3 * 2);
    expect(thinking.startsWith("**Providing street crossing instructions**")).toBe(true);
    expect(thinking).toContain("\n\n**Explaining street crossing safety**");
    expect(thinking).toContain("\n\n**Sharing street crossing safety tips**");
    expect(thinking).toContain("\n\n**Providing safe crossing advice**");
    const item = reasoningItem(message, 0);
    expect(item.summary).toHaveLength(4);
    expect(item.encrypted_content.startsWith("gAAAAABoxC0m")).toBe(true);
    expect(textOf(message)).toHaveLength(1251);
    expect(textOf(message).startsWith("I'm not a road safety professional, but here are")).toBe(true);
    expect(textOf(message).endsWith("rules specific to your area. Stay safe!")).toBe(true);
    expectUsage(message, { input: 13, output: 1680, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
  "openrouter-gpt-oss-20b-reasoning-text-data-only.sse": ({ message }) => {
    // No `event:` lines; raw reasoning text rather than a summary, still open while the answer streams.
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(thinkingOf(message)).toBe(
      'The user asks: "What is 2+2?" They expect a straightforward answer: 4. Just answer 4.',
    );
    expect(textOf(message)).toBe("4");
    expectUsage(message, { input: 78, output: 37, cacheRead: 0 });
    expect(message.stopReason).toBe("stop");
  },
};

function reasoningItem(message: Collected["message"], index: number) {
  const block = message.content[index];
  if (block?.type !== "thinking" || !block.signature)
    throw new Error(`block ${index} is no signed thinking block`);
  const item = JSON.parse(block.signature);
  expect(item.type).toBe("reasoning");
  return item;
}

describe("openai-responses: recorded streams", () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(() => server.close());

  const fixtures = fixtureStreams("openai-responses");

  it("has an expectation for every fixture", () => {
    expect(fixtures.map((fixture) => fixture.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const fixture of fixtures) {
    it(`replays ${fixture.name}`, async () => {
      server.enqueue({ kind: "raw", body: fixture.bytes });
      const model = testModel("openai-responses", { baseUrl: `${server.url}/v1`, reasoning: true });
      const result = await collect(
        openaiResponses.stream(
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
