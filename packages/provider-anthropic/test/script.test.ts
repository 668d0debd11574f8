import {
  anthropicMessagesReply,
  frameSse,
  type MockServer,
  SCRIPTED_THINKING_SIGNATURE,
  type ScriptedTurn,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicMessages } from "../src/index.js";
import { collect, testModel } from "./helpers.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

async function play(turn: ScriptedTurn) {
  server.enqueue(anthropicMessagesReply(turn));
  return collect(
    anthropicMessages.stream(testModel(server.url), { messages: [{ role: "user", content: "hi" }] }),
  );
}

describe("testkit anthropicMessagesReply", () => {
  it("a full turn parses back into the same thinking, text, tool calls, usage and stop reason", async () => {
    const { message, events } = await play({
      thinking: "First I think about it.",
      text: "Here is the answer, with ünïcode and 😀.",
      toolCalls: [
        { id: "toolu_1", name: "read", arguments: { path: "src/index.ts", lines: [1, 20] } },
        { id: "toolu_2", name: "pwd", arguments: {} },
      ],
      usage: { input: 120, output: 80, cacheRead: 1000, cacheWrite: 300 },
      chunkSize: 5,
    });
    expect(message.content).toEqual([
      { type: "thinking", thinking: "First I think about it.", signature: SCRIPTED_THINKING_SIGNATURE },
      { type: "text", text: "Here is the answer, with ünïcode and 😀." },
      { type: "toolCall", id: "toolu_1", name: "read", arguments: { path: "src/index.ts", lines: [1, 20] } },
      { type: "toolCall", id: "toolu_2", name: "pwd", arguments: {} },
    ]);
    const { input, output, cacheRead, cacheWrite } = message.usage;
    expect({ input, output, cacheRead, cacheWrite }).toEqual({
      input: 120,
      output: 80,
      cacheRead: 1000,
      cacheWrite: 300,
    });
    expect(message.stopReason).toBe("toolUse");
    expect(message.responseId).toBe("msg_scripted");
    // chunkSize 5: the text arrives in several deltas.
    expect(events.filter((e) => e.type === "text_delta").length).toBeGreaterThan(5);
  });

  it("stop reasons: stop by default, length when asked", async () => {
    expect((await play({ text: "plain" })).message.stopReason).toBe("stop");
    expect((await play({ text: "cut", stopReason: "length" })).message.stopReason).toBe("length");
  });

  it("emits the protocol's event order with matching event names and payload types", () => {
    const reply = anthropicMessagesReply({
      text: "hi",
      toolCalls: [{ id: "t", name: "n", arguments: { a: 1 } }],
    });
    if (reply.kind !== "sse") throw new Error("expected an SSE reply");
    const items = reply.events.map((item) =>
      typeof item === "string" ? { event: undefined, data: item } : item,
    );
    const types = items.map((item) => JSON.parse(item.data).type);
    for (const item of items) expect(item.event).toBe(JSON.parse(item.data).type);
    expect(types[0]).toBe("message_start");
    expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);
    const blocks = items
      .map((item) => JSON.parse(item.data))
      .filter((p) => p.type.startsWith("content_block"))
      .map((p) => `${p.type}:${p.index}`);
    expect(blocks[0]).toBe("content_block_start:0");
    expect(blocks).toContain("content_block_stop:0");
    expect(blocks).toContain("content_block_start:1");
    expect(blocks[blocks.length - 1]).toBe("content_block_stop:1");
    expect(reply.events.map(frameSse).join("")).toContain("event: message_stop\ndata: ");
  });
});
