import { type Context, ProviderError, type StreamOptions } from "@elyra/provider-kit";
import {
  anthropicMessagesReply,
  fixtureAsSse,
  type MockReply,
  type MockServer,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicMessages } from "../src/index.js";
import { type Collected, collect, testModel } from "./helpers.js";

const API_KEY = "sk-ant-api03-errors-test-key";
const hello: Context = { messages: [{ role: "user", content: "hello" }] };
const noRetry: StreamOptions = { credential: API_KEY, retry: { maxRetries: 0 } };

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

async function run(reply: MockReply, options: StreamOptions = noRetry): Promise<Collected> {
  server.enqueue(reply);
  return collect(anthropicMessages.stream(testModel(server.url), hello, options));
}

const ev = (payload: { type: string } & Record<string, unknown>) => ({
  event: payload.type,
  data: JSON.stringify(payload),
});
const start = ev({
  type: "message_start",
  message: { id: "msg_err", usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 0 } },
});
const textBlock = [
  ev({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
  ev({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Partial answer" } }),
];
const end = (stop_reason: string) => [
  ev({ type: "content_block_stop", index: 0 }),
  ev({ type: "message_delta", delta: { stop_reason }, usage: { output_tokens: 5 } }),
  ev({ type: "message_stop" }),
];

function expectError(result: Collected): ProviderError {
  expect(result.terminal.type).toBe("error");
  if (result.terminal.type !== "error") throw new Error("unreachable");
  expect(ProviderError.isInstance(result.terminal.error)).toBe(true);
  expect(result.message.stopReason).toBe("error");
  expect(result.message.errorMessage).toBe(result.terminal.error.message);
  return result.terminal.error;
}

describe("errors inside the stream", () => {
  it("an overloaded_error event ends the stream as a retryable error, keeping the text so far", async () => {
    const overloaded = {
      type: "error",
      error: { details: null, type: "overloaded_error", message: "Overloaded" },
      request_id: "req_011CTest",
    };
    const result = await run({ kind: "sse", events: [start, ...textBlock, ev(overloaded)] });
    const error = expectError(result);
    expect(error.retryable).toBe(true);
    expect(error.kind).toBe("server");
    expect(error.code).toBe("overloaded_error");
    expect(error.requestId).toBe("req_011CTest");
    expect(error.message).toContain("Overloaded");
    expect(result.message.content).toEqual([{ type: "text", text: "Partial answer" }]);
    expect(result.message.usage.input).toBe(10);
  });

  it("an error event is recognised by its payload type even without an event: name", async () => {
    const payload = { type: "error", error: { type: "rate_limit_error", message: "Slow down" } };
    const error = expectError(await run({ kind: "sse", events: [start.data, JSON.stringify(payload)] }));
    expect(error.kind).toBe("rate_limit");
    expect(error.retryable).toBe(true);
  });

  it("error types that will not fix themselves are not retryable", async () => {
    for (const type of [
      "invalid_request_error",
      "billing_error",
      "request_too_large",
      "authentication_error",
    ]) {
      const payload = { type: "error", error: { type, message: `${type} happened` } };
      const error = expectError(await run({ kind: "sse", events: [start, ev(payload)] }));
      expect(error.retryable, type).toBe(false);
      expect(error.message).toContain(`${type} happened`);
    }
  });

  it("a stream that ends without message_stop is an error that keeps partial content and tool calls", async () => {
    const tool = [
      ev({
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "toolu_x", name: "read", input: {} },
      }),
      ev({
        type: "content_block_delta",
        index: 1,
        delta: { type: "input_json_delta", partial_json: '{"path":"a.ts"}' },
      }),
    ];
    const result = await run({
      kind: "sse",
      events: [start, ...textBlock, ev({ type: "content_block_stop", index: 0 }), ...tool],
    });
    const error = expectError(result);
    expect(error.message).toContain("message_stop");
    expect(error.retryable).toBe(true);
    expect(result.message.content).toEqual([
      { type: "text", text: "Partial answer" },
      { type: "toolCall", id: "toolu_x", name: "read", arguments: { path: "a.ts" } },
    ]);
    expect(result.events.some((e) => e.type === "toolcall_end")).toBe(false);
  });

  it("a connection cut mid-stream is an error that keeps the text so far", async () => {
    const bytes = fixtureAsSse("anthropic-messages/anthropic-claude-sonnet-4-thinking-signature.sse", {
      eventNames: true,
      done: false,
    });
    const result = await run({ kind: "cut", after: bytes.subarray(0, Math.floor(bytes.length * 0.8)) });
    expectError(result);
    const text = result.message.content.find((b) => b.type === "text");
    expect(text?.type === "text" && text.text.startsWith("Here are the basic steps")).toBe(true);
  });

  it("a payload that is not JSON is a protocol error", async () => {
    const error = expectError(
      await run({ kind: "sse", events: [start, { event: "content_block_delta", data: "{oops" }] }),
    );
    expect(error.kind).toBe("protocol");
  });

  it("stop_reason refusal ends as an error that keeps what was said", async () => {
    const result = await run({ kind: "sse", events: [start, ...textBlock, ...end("refusal")] });
    const error = expectError(result);
    expect(error.code).toBe("refusal");
    expect(error.retryable).toBe(false);
    expect(result.message.content).toEqual([{ type: "text", text: "Partial answer" }]);
  });
});

describe("stop reasons and usage", () => {
  const cases: [string, string][] = [
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["pause_turn", "stop"],
    ["tool_use", "toolUse"],
    ["model_context_window_exceeded", "length"],
  ];
  for (const [wire, ours] of cases) {
    it(`stop_reason ${wire} → ${ours}`, async () => {
      const result = await run({ kind: "sse", events: [start, ...textBlock, ...end(wire)] });
      expect(result.terminal.type).toBe("done");
      expect(result.message.stopReason).toBe(ours);
    });
  }

  it("takes the latest non-null counts, message_delta's input and cache counts included", async () => {
    const result = await run({
      kind: "sse",
      events: [
        ev({
          type: "message_start",
          message: {
            id: "msg_u",
            usage: {
              input_tokens: 7,
              output_tokens: 1,
              cache_read_input_tokens: 100,
              cache_creation_input_tokens: 50,
            },
          },
        }),
        ...textBlock,
        ev({ type: "content_block_stop", index: 0 }),
        ev({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 20 } }),
        ev({
          type: "message_delta",
          delta: {},
          usage: {
            input_tokens: 9,
            output_tokens: 42,
            cache_read_input_tokens: null,
            cache_creation_input_tokens: 60,
          },
        }),
        ev({ type: "message_stop" }),
      ],
    });
    const { input, output, cacheRead, cacheWrite, cost } = result.message.usage;
    expect({ input, output, cacheRead, cacheWrite }).toEqual({
      input: 9,
      output: 42,
      cacheRead: 100,
      cacheWrite: 60,
    });
    expect(cost.cacheWrite).toBeCloseTo((60 * 3.75) / 1e6, 12);
    expect(cost.total).toBeCloseTo((9 * 3 + 42 * 15 + 100 * 0.3 + 60 * 3.75) / 1e6, 12);
    expect(result.message.stopReason).toBe("stop");
  });

  it("takes a tool's input whole from content_block_start when no input_json_delta comes", async () => {
    const result = await run({
      kind: "sse",
      events: [
        start,
        ev({
          type: "content_block_start",
          index: 0,
          content_block: { type: "tool_use", id: "t1", name: "ls", input: { dir: "." } },
        }),
        ev({ type: "content_block_stop", index: 0 }),
        ev({
          type: "content_block_start",
          index: 1,
          content_block: { type: "tool_use", id: "t2", name: "pwd", input: {} },
        }),
        ev({ type: "content_block_stop", index: 1 }),
        ev({ type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 5 } }),
        ev({ type: "message_stop" }),
      ],
    });
    expect(result.message.content).toEqual([
      { type: "toolCall", id: "t1", name: "ls", arguments: { dir: "." } },
      { type: "toolCall", id: "t2", name: "pwd", arguments: {} },
    ]);
  });

  it("ignores unknown events and the deltas of unknown blocks", async () => {
    const result = await run({
      kind: "sse",
      events: [
        start,
        ev({
          type: "content_block_start",
          index: 0,
          content_block: { type: "mcp_tool_use", id: "m", name: "x", input: {} },
        }),
        ev({
          type: "content_block_delta",
          index: 0,
          delta: { type: "input_json_delta", partial_json: '{"q":1}' },
        }),
        ev({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "not text" } }),
        ev({ type: "content_block_stop", index: 0 }),
        ev({ type: "future_event", surprise: true }),
        ev({ type: "ping" }),
        ev({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 5 } }),
        ev({ type: "message_stop" }),
      ],
    });
    expect(result.terminal.type).toBe("done");
    expect(result.message.content).toEqual([]);
  });
});

describe("HTTP failures and aborts", () => {
  it("a 529 overloaded response is a retryable server error with Anthropic's message", async () => {
    const error = expectError(
      await run({
        kind: "error",
        status: 529,
        body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
      }),
    );
    expect(error.status).toBe(529);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("Overloaded");
  });

  it("a 401 is an auth error whose message never holds the key", async () => {
    const error = expectError(
      await run({
        kind: "error",
        status: 401,
        body: {
          type: "error",
          error: { type: "authentication_error", message: `invalid x-api-key ${API_KEY}` },
        },
      }),
    );
    expect(error.kind).toBe("auth");
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(API_KEY);
  });

  it("retries a 529 before the stream starts, then streams", async () => {
    server.enqueue({
      kind: "error",
      status: 529,
      body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    const retries: number[] = [];
    const result = await run(anthropicMessagesReply({ text: "after retry" }), {
      credential: API_KEY,
      retry: { maxRetries: 1, baseDelayMs: 1, onRetry: (info) => void retries.push(info.status ?? 0) },
    });
    expect(retries).toEqual([529]);
    expect(result.terminal.type).toBe("done");
    expect(result.message.content).toEqual([{ type: "text", text: "after retry" }]);
  });

  it("an abort mid-stream ends as aborted, keeping the text so far", async () => {
    const controller = new AbortController();
    server.enqueue({ kind: "sse", events: [start, ...textBlock, ...end("end_turn")], delayMs: 40 });
    const stream = anthropicMessages.stream(testModel(server.url), hello, {
      credential: API_KEY,
      signal: controller.signal,
    });
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.type);
      if (event.type === "text_delta") controller.abort();
    }
    const message = await stream.result();
    expect(seen[seen.length - 1]).toBe("error");
    expect(message.stopReason).toBe("aborted");
    expect(message.content).toEqual([{ type: "text", text: "Partial answer" }]);
  });

  it("an abort while the server has not answered ends promptly as aborted", async () => {
    const controller = new AbortController();
    server.enqueue({ kind: "hang" });
    const stream = anthropicMessages.stream(testModel(server.url), hello, {
      credential: API_KEY,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const message = await stream.result();
    expect(message.stopReason).toBe("aborted");
  });
});
