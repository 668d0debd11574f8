import { type MockServer, startMockServer } from "@elyra/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ApiImplementation,
  type AssistantStream,
  ProviderError,
  readSse,
  runStream,
  type StreamEvent,
  sendRequest,
} from "../src/index.js";
import { testModel } from "./model.js";

// Latency bounds measure this process's event loop: on a loaded 2-core machine one run can be starved by
// its neighbours, so these tests get two more tries; a real regression fails all three.
const TIMING = { retry: 2 };

async function drain(stream: AssistantStream): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const terminal = (events: StreamEvent[]) => events.filter((e) => e.type === "done" || e.type === "error");

describe("runStream", () => {
  it("emits start, the body's events and exactly one done", async () => {
    const events = await drain(
      runStream(testModel(), undefined, async (b) => {
        b.text("hi");
      }),
    );
    expect(events.map((e) => e.type)).toEqual(["start", "text_delta", "done"]);
    expect(terminal(events)).toHaveLength(1);
  });

  it("keeps the body's stop reason for length and toolUse, ending open tool calls", async () => {
    const stream = runStream(testModel(), undefined, async (b) => {
      const i = b.beginToolCall("c1", "read");
      b.appendToolArguments(i, '{"p":1}');
      b.message.stopReason = "toolUse";
    });
    const events = await drain(stream);
    expect(events.map((e) => e.type)).toEqual([
      "start",
      "toolcall_start",
      "toolcall_delta",
      "toolcall_end",
      "done",
    ]);
    const final = await stream.result();
    expect(final.stopReason).toBe("toolUse");
    expect(final.content[0]).toMatchObject({ arguments: { p: 1 } });
  });

  it("turns a thrown error into one error event that keeps the partial text", async () => {
    const stream = runStream(testModel(), undefined, async (b) => {
      b.text("partial");
      const i = b.beginToolCall("c1", "write");
      b.appendToolArguments(i, '{"path":"a"}');
      throw new ProviderError({ provider: "acme", kind: "server", status: 500, message: "acme 500: down" });
    });
    const events = await drain(stream);
    const end = terminal(events);
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ type: "error", reason: "error", error: { kind: "server", status: 500 } });
    const final = await stream.result();
    expect(final).toMatchObject({ stopReason: "error", errorMessage: "acme 500: down" });
    expect(final.content[0]).toEqual({ type: "text", text: "partial" });
    expect(final.content[1]).toMatchObject({ type: "toolCall", arguments: { path: "a" } });
    expect(events.some((e) => e.type === "toolcall_end")).toBe(false);
  });

  it("wraps a non-ProviderError as a protocol error", async () => {
    const final = await runStream(testModel(), undefined, async () => {
      throw new SyntaxError("Unexpected token");
    }).result();
    expect(final).toMatchObject({ stopReason: "error", errorMessage: "acme: Unexpected token" });
  });

  it("reports an abort as aborted and keeps what arrived", async () => {
    const controller = new AbortController();
    const stream = runStream(testModel(), { signal: controller.signal }, async (b, signal) => {
      b.text("so far");
      controller.abort();
      signal?.throwIfAborted();
    });
    const events = await drain(stream);
    expect(terminal(events)).toEqual([expect.objectContaining({ type: "error", reason: "aborted" })]);
    const final = await stream.result();
    expect(final).toMatchObject({ stopReason: "aborted", content: [{ type: "text", text: "so far" }] });
  });

  it(
    "ends at once on abort even when the body ignores the signal, and later writes do not leak in",
    TIMING,
    async () => {
      const controller = new AbortController();
      let release!: () => void;
      const stuck = new Promise<void>((resolve) => {
        release = resolve;
      });
      const stream = runStream(testModel(), { signal: controller.signal }, async (b) => {
        b.text("before ");
        await stuck; // a body that never looks at the signal
        b.text("after");
      });
      setTimeout(() => controller.abort(), 20);
      const started = performance.now();
      const final = await stream.result();
      expect(performance.now() - started).toBeLessThan(100);
      expect(final).toMatchObject({ stopReason: "aborted", content: [{ type: "text", text: "before " }] });
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(final.content).toEqual([{ type: "text", text: "before " }]);
      expect(terminal(await drain(stream))).toHaveLength(1);
    },
  );

  it("counts a body that finishes after an abort as aborted", async () => {
    const controller = new AbortController();
    const final = await runStream(testModel(), { signal: controller.signal }, async (b) => {
      b.text("done anyway");
      controller.abort();
    }).result();
    expect(final.stopReason).toBe("aborted");
  });

  it("reports an abort as aborted even when the body throws some other error", async () => {
    const controller = new AbortController();
    const final = await runStream(testModel(), { signal: controller.signal }, async () => {
      controller.abort();
      throw new ProviderError({ provider: "acme", kind: "network", message: "acme: socket closed" });
    }).result();
    expect(final.stopReason).toBe("aborted");
  });

  it("does not run the body when the signal is already aborted", async () => {
    let ran = false;
    const stream = runStream(testModel(), { signal: AbortSignal.abort() }, async () => {
      ran = true;
    });
    const events = await drain(stream);
    expect(events.map((e) => e.type)).toEqual(["start", "error"]);
    expect(ran).toBe(false);
  });
});

/** The README's minimal third-party API, run end to end against the mock server. */
const minimal: ApiImplementation = {
  api: "acme-chat",
  stream: (model, context, options) =>
    runStream(model, options, async (builder, signal) => {
      const response = await sendRequest({
        provider: model.provider,
        url: `${model.baseUrl}/chat`,
        headers: { authorization: `Bearer ${options?.credential}`, "content-type": "application/json" },
        body: JSON.stringify({ model: model.id, messages: context.messages }),
        signal,
        retry: options?.retry,
        timeouts: options?.timeouts,
        onRequest: options?.onRequest,
      });
      for await (const event of readSse(response.body)) {
        if (event.data === "[DONE]") break;
        builder.text(JSON.parse(event.data).text);
      }
    }),
};

describe("runStream with sendRequest and readSse", () => {
  let server: MockServer;
  beforeEach(async () => {
    server = await startMockServer();
  });
  afterEach(() => server.close());

  it("streams a minimal API end to end", async () => {
    server.enqueue({ kind: "sse", events: ['{"text":"Hel"}', '{"text":"lo"}', "[DONE]"] });
    const model = testModel({ api: "acme-chat", baseUrl: server.url });
    const stream = minimal.stream(
      model,
      { messages: [{ role: "user", content: "hi" }] },
      { credential: "sk-acme-0123456789" },
    );
    const final = await stream.result();
    expect(final).toMatchObject({ stopReason: "stop", content: [{ type: "text", text: "Hello" }] });
    expect(server.requests[0]?.json).toMatchObject({
      model: "acme-1",
      messages: [{ role: "user", content: "hi" }],
    });
  });

  it("keeps partial text when the connection is cut mid-stream", async () => {
    server.enqueue({ kind: "cut", after: 'data: {"text":"Hel"}\n\n' });
    const model = testModel({ api: "acme-chat", baseUrl: server.url });
    const final = await minimal
      .stream(model, { messages: [] }, { credential: "sk-acme-0123456789" })
      .result();
    expect(final).toMatchObject({ stopReason: "error", content: [{ type: "text", text: "Hel" }] });
    expect(final.errorMessage).toMatch(/network error/);
  });

  it("aborts mid-stream within 100 ms, keeping partial text", TIMING, async () => {
    server.enqueue({ kind: "sse", events: ['{"text":"a"}', '{"text":"b"}', '{"text":"c"}'], delayMs: 300 });
    const controller = new AbortController();
    const model = testModel({ api: "acme-chat", baseUrl: server.url });
    const stream = minimal.stream(model, { messages: [] }, { signal: controller.signal });
    let abortedAt = 0;
    for await (const event of stream) {
      if (event.type === "text_delta" && abortedAt === 0) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    expect(performance.now() - abortedAt).toBeLessThan(100);
    const final = await stream.result();
    expect(final).toMatchObject({ stopReason: "aborted", content: [{ type: "text", text: "a" }] });
  });
});
