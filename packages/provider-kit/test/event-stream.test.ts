import { describe, expect, it } from "vitest";
import {
  type AssistantMessage,
  EventStream,
  emptyUsage,
  ProviderError,
  type StreamEvent,
} from "../src/index.js";

function message(text: string): AssistantMessage {
  return {
    role: "assistant",
    content: [{ type: "text", text }],
    api: "openai-completions",
    provider: "acme",
    model: "acme-1",
    usage: emptyUsage(),
    stopReason: "stop",
    timestamp: 0,
  };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<string[]> {
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  return types;
}

describe("EventStream", () => {
  it("delivers events pushed before iteration, then ends on done", async () => {
    const stream = new EventStream();
    const partial = message("");
    stream.push({ type: "start", partial });
    stream.push({ type: "text_delta", contentIndex: 0, delta: "hi", partial });
    stream.push({ type: "done", reason: "stop", message: message("hi") });
    expect(await collect(stream)).toEqual(["start", "text_delta", "done"]);
  });

  it("wakes a waiting consumer when an event arrives later", async () => {
    const stream = new EventStream();
    const types = collect(stream);
    await new Promise((resolve) => setTimeout(resolve, 5));
    stream.push({ type: "start", partial: message("") });
    await new Promise((resolve) => setTimeout(resolve, 5));
    stream.push({ type: "done", reason: "stop", message: message("x") });
    expect(await types).toEqual(["start", "done"]);
  });

  it("ignores everything after the terminal event", async () => {
    const stream = new EventStream();
    const final = message("final");
    stream.push({ type: "done", reason: "stop", message: final });
    stream.push({ type: "done", reason: "stop", message: message("late") });
    stream.push({ type: "start", partial: message("late") });
    expect(await collect(stream)).toEqual(["done"]);
    expect(await stream.result()).toBe(final);
  });

  it("resolves result() with the error event's message, never rejecting", async () => {
    const stream = new EventStream();
    const partial = message("half");
    const error = new ProviderError({ provider: "acme", kind: "server", message: "acme 500: down" });
    stream.push({ type: "error", reason: "error", error, message: partial });
    await expect(stream.result()).resolves.toBe(partial);
  });

  it("can be awaited for the result without iterating", async () => {
    const stream = new EventStream();
    setTimeout(() => stream.push({ type: "done", reason: "length", message: message("x") }), 1);
    expect((await stream.result()).content).toEqual([{ type: "text", text: "x" }]);
  });

  it("keeps order across a long queue (compaction)", async () => {
    const stream = new EventStream();
    const partial = message("");
    for (let i = 0; i < 5000; i++)
      stream.push({ type: "text_delta", contentIndex: 0, delta: String(i), partial });
    stream.push({ type: "done", reason: "stop", message: partial });
    const deltas: string[] = [];
    for await (const event of stream) if (event.type === "text_delta") deltas.push(event.delta);
    expect(deltas).toHaveLength(5000);
    expect(deltas.every((delta, i) => delta === String(i))).toBe(true);
  });

  it("stops when the consumer breaks out", async () => {
    const stream = new EventStream();
    stream.push({ type: "start", partial: message("") });
    for await (const _event of stream) break;
    stream.push({ type: "done", reason: "stop", message: message("") });
    await expect(stream.result()).resolves.toBeDefined();
  });
});
