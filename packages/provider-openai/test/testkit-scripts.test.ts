import {
  type MockServer,
  openaiCompletionsReply,
  openaiResponsesReply,
  type ScriptedTurn,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiCompletions, openaiResponses } from "../src/index.js";
import {
  collect,
  expectEventsToRebuildMessage,
  testModel,
  textOf,
  thinkingOf,
  toolCallsOf,
} from "./helpers.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

const SCRIPTS = [
  { api: "openai-completions", implementation: openaiCompletions, reply: openaiCompletionsReply },
  { api: "openai-responses", implementation: openaiResponses, reply: openaiResponsesReply },
] as const;

describe.each(SCRIPTS)("testkit script for $api", ({ api, implementation, reply }) => {
  async function play(turn: ScriptedTurn) {
    server.enqueue(reply(turn));
    const model = testModel(api, { baseUrl: server.url });
    const result = await collect(implementation.stream(model, { messages: [] }, { credential: "sk-script" }));
    expectEventsToRebuildMessage(result);
    return result.message;
  }

  it("plays thinking, text and usage", async () => {
    const message = await play({
      thinking: "Think first, then answer.",
      text: "The answer is 42 — 😊 and more.",
      usage: { input: 100, output: 20, cacheRead: 50 },
      chunkSize: 5,
    });
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(thinkingOf(message)).toBe("Think first, then answer.");
    expect(textOf(message)).toBe("The answer is 42 — 😊 and more.");
    expect(message.usage).toMatchObject({ input: 100, output: 20, cacheRead: 50 });
    expect(message.stopReason).toBe("stop");
  });

  it("plays parallel tool calls with their arguments", async () => {
    const message = await play({
      text: "Checking.",
      toolCalls: [
        { id: "call_1", name: "read", arguments: { path: "a.txt" } },
        { id: "call_2", name: "bash", arguments: { command: "ls -la", timeout: 5 } },
      ],
    });
    expect(toolCallsOf(message).map(({ id, name, arguments: args }) => ({ id, name, args }))).toEqual([
      { id: "call_1", name: "read", args: { path: "a.txt" } },
      { id: "call_2", name: "bash", args: { command: "ls -la", timeout: 5 } },
    ]);
    expect(message.stopReason).toBe("toolUse");
  });

  it("plays a length stop", async () => {
    const message = await play({ text: "cut sh", stopReason: "length" });
    expect(message.stopReason).toBe("length");
    expect(textOf(message)).toBe("cut sh");
  });
});

it("openaiResponsesReply sends both ids of a joined tool-call id", async () => {
  server.enqueue(openaiResponsesReply({ toolCalls: [{ id: "call_9|fc_9", name: "read", arguments: {} }] }));
  const model = testModel("openai-responses", { baseUrl: server.url });
  const { message } = await collect(
    openaiResponses.stream(model, { messages: [] }, { credential: "sk-script" }),
  );
  expect(toolCallsOf(message)[0]?.id).toBe("call_9|fc_9");
});
