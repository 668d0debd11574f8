import {
  googleGenerativeAiReply,
  type MockServer,
  SCRIPTED_THOUGHT_SIGNATURE,
  type ScriptedTurn,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleGenerativeAi } from "../src/index.js";
import { API_KEY, collect, testModel } from "./helpers.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

async function play(turn: ScriptedTurn) {
  server.enqueue(googleGenerativeAiReply(turn));
  const stream = googleGenerativeAi.stream(
    testModel(server.url),
    { messages: [{ role: "user", content: "hi" }] },
    {
      credential: API_KEY,
    },
  );
  return collect(stream);
}

describe("googleGenerativeAiReply", () => {
  it("streams text in pieces and ends with STOP", async () => {
    const { message, events } = await play({
      text: "Hello from a scripted Gemini.",
      chunkSize: 5,
      usage: { input: 10, output: 4 },
    });
    expect(message.content).toEqual([{ type: "text", text: "Hello from a scripted Gemini." }]);
    expect(events.filter((e) => e.type === "text_delta")).toHaveLength(6);
    expect(message.stopReason).toBe("stop");
    expect(message.usage).toMatchObject({ input: 10, output: 4, cacheRead: 0 });
  });

  it("streams thinking, then text, with the signature on a closing part", async () => {
    const { message } = await play({ thinking: "Let me think.", text: "Done." });
    expect(message.content).toEqual([
      { type: "thinking", thinking: "Let me think." },
      { type: "text", text: "Done.", signature: SCRIPTED_THOUGHT_SIGNATURE },
    ]);
  });

  it("sends tool calls whole, with their ids, the signature on the first, and ends as toolUse", async () => {
    const { message } = await play({
      thinking: "Two reads.",
      toolCalls: [
        { id: "call_a", name: "read", arguments: { path: "a.txt" } },
        { id: "call_b", name: "read", arguments: { path: "b.txt", lines: [1, 2] } },
      ],
      usage: { input: 100, output: 20, cacheRead: 60 },
    });
    expect(message.content).toEqual([
      { type: "thinking", thinking: "Two reads." },
      {
        type: "toolCall",
        id: "call_a",
        name: "read",
        arguments: { path: "a.txt" },
        signature: SCRIPTED_THOUGHT_SIGNATURE,
      },
      { type: "toolCall", id: "call_b", name: "read", arguments: { path: "b.txt", lines: [1, 2] } },
    ]);
    expect(message.stopReason).toBe("toolUse");
    expect(message.usage).toMatchObject({ input: 100, output: 20, cacheRead: 60 });
  });

  it("says MAX_TOKENS for a length stop", async () => {
    const { message } = await play({ text: "Trunc", stopReason: "length" });
    expect(message.stopReason).toBe("length");
  });

  it("handles an empty turn", async () => {
    const { message } = await play({});
    expect(message.content).toEqual([]);
    expect(message.stopReason).toBe("stop");
  });
});
