import Anthropic from "@anthropic-ai/sdk";
import type { AssistantMessage } from "@elyra/provider-kit";
import { fixtureAsSse, listFixtures, type MockServer, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicMessages } from "../src/index.js";
import { collect, testModel } from "./helpers.js";

/**
 * The official SDK's stream helper as a reference parser: for every recorded stream, its final message and
 * Elyra's hold the same text, thinking, redacted thinking and tool calls. Where the two accumulate on
 * purpose differently, the test says so.
 */

const FILES = listFixtures("anthropic-messages");

let server: MockServer;
let client: Anthropic;
beforeAll(async () => {
  server = await startMockServer();
  client = new Anthropic({ apiKey: "sk-ant-api03-test", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

function serve(file: string): void {
  server.enqueue({ kind: "raw", body: fixtureAsSse(file, { eventNames: true, done: false }) });
}

async function viaSdk(file: string): Promise<Anthropic.Message> {
  serve(file);
  const stream = client.messages.stream({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    messages: [{ role: "user", content: "hi" }],
  });
  return stream.finalMessage();
}

async function viaElyra(file: string): Promise<AssistantMessage> {
  serve(file);
  const { message } = await collect(anthropicMessages.stream(testModel(server.url), { messages: [] }));
  return message;
}

/** What both sides must agree on, from the SDK's message: Elyra keeps no empty text blocks. */
function fromSdk(message: Anthropic.Message) {
  const content = message.content as unknown as Record<string, unknown>[];
  return {
    id: message.id,
    texts: content.filter((b) => b.type === "text" && b.text !== "").map((b) => b.text),
    thinking: content
      .filter((b) => b.type === "thinking")
      .map((b) => ({ thinking: b.thinking, signature: b.signature })),
    redacted: content.filter((b) => b.type === "redacted_thinking").map((b) => b.data),
    toolCalls: content
      .filter((b) => b.type === "tool_use")
      .map((b) => ({ id: b.id, name: b.name, input: b.input })),
  };
}

function fromElyra(message: AssistantMessage) {
  return {
    id: message.responseId,
    texts: message.content.flatMap((b) => (b.type === "text" ? [b.text] : [])),
    thinking: message.content.flatMap((b) =>
      b.type === "thinking" && !b.redacted ? [{ thinking: b.thinking, signature: b.signature }] : [],
    ),
    redacted: message.content.flatMap((b) => (b.type === "thinking" && b.redacted ? [b.signature] : [])),
    toolCalls: message.content.flatMap((b) =>
      b.type === "toolCall" ? [{ id: b.id, name: b.name, input: b.arguments }] : [],
    ),
  };
}

const STOP: Record<string, string> = { end_turn: "stop", max_tokens: "length", tool_use: "toolUse" };

describe("differential: @anthropic-ai/sdk messages.stream().finalMessage()", () => {
  for (const file of FILES) {
    it(`${file}: same content as the SDK`, async () => {
      const sdk = await viaSdk(file);
      const elyra = await viaElyra(file);
      const expected = fromSdk(sdk);
      // Guard against both sides agreeing on nothing.
      expect(
        expected.texts.length +
          expected.thinking.length +
          expected.redacted.length +
          expected.toolCalls.length,
      ).toBeGreaterThan(0);
      expect(fromElyra(elyra)).toEqual(expected);
      expect(elyra.stopReason).toBe(STOP[sdk.stop_reason ?? ""]);
    });

    it(`${file}: same usage as the SDK, except where usage.iterations says more was billed`, async () => {
      const sdk = await viaSdk(file);
      const elyra = await viaElyra(file);
      // The SDK's accumulator does not keep message_delta's usage.iterations, so look at the bytes.
      const multiPass = fixtureAsSse(file, { eventNames: true, done: false }).includes('"iterations"');
      const usage = {
        input: elyra.usage.input,
        output: elyra.usage.output,
        cacheRead: elyra.usage.cacheRead,
        cacheWrite: elyra.usage.cacheWrite,
      };
      const reference = {
        input: sdk.usage.input_tokens,
        output: sdk.usage.output_tokens,
        cacheRead: sdk.usage.cache_read_input_tokens ?? 0,
        cacheWrite: sdk.usage.cache_creation_input_tokens ?? 0,
      };
      if (!multiPass) {
        expect(usage).toEqual(reference);
        return;
      }
      // The SDK keeps the top-level counts, which cover only the last sampling pass (the answer after a
      // compaction); Elyra sums the passes. It can only be more.
      expect(usage.input).toBeGreaterThan(reference.input);
      expect(usage.output).toBeGreaterThan(reference.output);
      expect(usage.cacheRead).toBeGreaterThanOrEqual(reference.cacheRead);
    });
  }

  it("the SDK keeps blocks Elyra skips on purpose (server tools, search results, compaction)", async () => {
    const skipped = new Set<string>();
    for (const file of FILES) {
      for (const block of (await viaSdk(file)).content) {
        if (!["text", "thinking", "redacted_thinking", "tool_use"].includes(block.type))
          skipped.add(block.type);
      }
    }
    expect([...skipped].sort()).toEqual(["compaction", "server_tool_use", "web_search_tool_result"]);
  });
});
