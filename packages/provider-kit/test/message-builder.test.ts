import { describe, expect, it } from "vitest";
import { MessageBuilder, type StreamEvent } from "../src/index.js";
import { testModel } from "./model.js";

function builder() {
  const events: StreamEvent[] = [];
  return { events, builder: new MessageBuilder(testModel(), (event) => events.push(event)) };
}

describe("MessageBuilder", () => {
  it("starts an empty assistant message for the model", () => {
    const { builder: b } = builder();
    expect(b.message).toMatchObject({
      role: "assistant",
      content: [],
      api: "openai-completions",
      provider: "acme",
      model: "acme-1",
      stopReason: "stop",
    });
  });

  it("appends text to the last text block or starts one, emitting deltas", () => {
    const { builder: b, events } = builder();
    b.text("Hel");
    b.text("");
    b.text("lo");
    expect(b.message.content).toEqual([{ type: "text", text: "Hello" }]);
    expect(events.map((e) => e.type === "text_delta" && e.delta)).toEqual(["Hel", "lo"]);
    expect(events[0]).toMatchObject({ contentIndex: 0, partial: b.message });
  });

  it("keeps thinking and text in separate blocks, in order", () => {
    const { builder: b, events } = builder();
    b.thinking("hmm");
    b.thinking(" ok");
    b.text("answer");
    b.thinking("again");
    expect(b.message.content).toEqual([
      { type: "thinking", thinking: "hmm ok" },
      { type: "text", text: "answer" },
      { type: "thinking", thinking: "again" },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      "thinking_delta",
      "thinking_delta",
      "text_delta",
      "thinking_delta",
    ]);
  });

  it("records signatures and redacted thinking", () => {
    const { builder: b } = builder();
    const i = b.beginThinking({ redacted: true, signature: "opaque" });
    const t = b.beginText();
    b.setSignature(t, "ab");
    b.setSignature(t, "cd", "append");
    expect(b.message.content).toEqual([
      { type: "thinking", thinking: "", redacted: true, signature: "opaque" },
      { type: "text", text: "", signature: "abcd" },
    ]);
    expect(i).toBe(0);
    expect(() => b.setSignature(9, "x")).toThrow(/no content block 9/);
  });

  it("streams tool-call arguments and parses them at the end", () => {
    const { builder: b, events } = builder();
    const i = b.beginToolCall("call_1", "read");
    b.appendToolArguments(i, '{"path":');
    b.appendToolArguments(i, '"a.ts"}');
    const call = b.endToolCall(i);
    expect(call).toEqual({ type: "toolCall", id: "call_1", name: "read", arguments: { path: "a.ts" } });
    expect(events.map((e) => e.type)).toEqual([
      "toolcall_start",
      "toolcall_delta",
      "toolcall_delta",
      "toolcall_end",
    ]);
    expect(b.hasToolCalls()).toBe(true);
  });

  it("ends a tool call once; given arguments replace the buffer; bad JSON gives {}", () => {
    const { builder: b, events } = builder();
    const a = b.beginToolCall("a", "x");
    b.endToolCall(a, { given: true });
    b.endToolCall(a);
    const c = b.beginToolCall("c", "x");
    b.appendToolArguments(c, "[1,2]");
    const d = b.beginToolCall("d", "x");
    b.appendToolArguments(d, "{broken");
    b.endOpenToolCalls();
    expect(b.message.content.map((block) => block.type === "toolCall" && block.arguments)).toEqual([
      { given: true },
      {},
      {},
    ]);
    expect(events.filter((e) => e.type === "toolcall_end")).toHaveLength(3);
  });

  it("salvages unfinished tool calls without announcing them", () => {
    const { builder: b, events } = builder();
    const i = b.beginToolCall("a", "x");
    b.appendToolArguments(i, '{"done":1}');
    b.salvageOpenToolCalls();
    expect(b.message.content[0]).toMatchObject({ arguments: { done: 1 } });
    expect(events.some((e) => e.type === "toolcall_end")).toBe(false);
  });

  it("refuses a delta for the wrong block type", () => {
    const { builder: b } = builder();
    const i = b.beginText();
    expect(() => b.appendThinking(i, "x")).toThrow(/not thinking/);
  });

  it("prices usage from the model's cost table", () => {
    const { builder: b } = builder();
    b.setUsage({ input: 1_000_000, output: 100_000, cacheRead: 2_000_000, cacheWrite: 0 });
    expect(b.message.usage).toMatchObject({
      input: 1_000_000,
      output: 100_000,
      cacheRead: 2_000_000,
      totalTokens: 3_100_000,
    });
    expect(b.message.usage.cost.total).toBeCloseTo(3 + 1.5 + 0.6);
  });
});
