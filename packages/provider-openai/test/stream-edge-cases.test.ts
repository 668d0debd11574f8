import { describe, expect, it } from "vitest";
import { parseChunks, textOf, thinkingOf, toolCallsOf } from "./helpers.js";

/** Protocol cases the recordings do not show, each one a shape a real server is allowed to send. */

const sse = (...payloads: unknown[]) =>
  payloads
    .map((payload) => `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`)
    .join("");
const chunk = (delta: Record<string, unknown>, finish: string | null = null, index = 0) => ({
  choices: [{ index, delta, finish_reason: finish }],
});

describe("openai-completions edge cases", () => {
  it("opens a tool call whose id and name arrive after its first arguments", async () => {
    const body = sse(
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"pa' } }] }),
      chunk({
        tool_calls: [{ index: 0, id: "call_late", function: { name: "read", arguments: 'th":"a"}' } }],
      }),
      chunk({}, "tool_calls"),
      "[DONE]",
    );
    const { message, events } = await parseChunks("openai-completions", [body]);
    expect(toolCallsOf(message)).toEqual([
      { type: "toolCall", id: "call_late", name: "read", arguments: { path: "a" } },
    ]);
    expect(events.find((event) => event.type === "toolcall_start")).toMatchObject({
      id: "call_late",
      name: "read",
    });
  });

  it("tells tool calls apart by id when a server sends no index", async () => {
    const body = sse(
      chunk({ tool_calls: [{ id: "call_a", function: { name: "read", arguments: '{"x":1}' } }] }),
      chunk({ tool_calls: [{ id: "call_b", function: { name: "bash", arguments: '{"y":2}' } }] }),
      chunk({}, "tool_calls"),
    );
    const { message } = await parseChunks("openai-completions", [body]);
    expect(toolCallsOf(message).map((call) => [call.id, call.name, call.arguments])).toEqual([
      ["call_a", "read", { x: 1 }],
      ["call_b", "bash", { y: 2 }],
    ]);
    expect(message.stopReason).toBe("toolUse");
  });

  it("keeps encrypted-only reasoning_details as a redacted thinking block for replay", async () => {
    const details = [
      { type: "reasoning.encrypted", data: "opaque", id: "rs_1", format: "openai-responses-v1", index: 0 },
    ];
    const body = sse(
      chunk({ content: "", reasoning_details: details }),
      chunk({ content: "Hi" }, "stop"),
      "[DONE]",
    );
    const { message } = await parseChunks("openai-completions", [body]);
    expect(message.content.map((block) => block.type)).toEqual(["text", "thinking"]);
    const thinking = message.content[1];
    expect(thinking).toMatchObject({ type: "thinking", thinking: "", redacted: true });
    expect(JSON.parse((thinking as { signature: string }).signature)).toEqual(details);
  });

  it("ends a content-filtered response as an error that keeps the text", async () => {
    const body = sse(chunk({ content: "Once upon" }), chunk({}, "content_filter"), "[DONE]");
    const { message, terminal } = await parseChunks("openai-completions", [body]);
    expect(terminal.type).toBe("error");
    expect(message.errorMessage).toContain("content filter");
    expect(textOf(message)).toBe("Once upon");
  });

  it("maps length, and a stop that carries tool calls, to Elyra's stop reasons", async () => {
    const length = await parseChunks("openai-completions", [sse(chunk({ content: "a" }, "length"))]);
    expect(length.message.stopReason).toBe("length");
    const call = { index: 0, id: "c", function: { name: "f", arguments: "{}" } };
    const stop = await parseChunks("openai-completions", [sse(chunk({ tool_calls: [call] }, "stop"))]);
    expect(stop.message.stopReason).toBe("toolUse");
  });

  it("accepts a stream that ends at [DONE] without a finish_reason", async () => {
    const { message, terminal } = await parseChunks("openai-completions", [
      sse(chunk({ content: "ok" }), "[DONE]"),
    ]);
    expect(terminal.type).toBe("done");
    expect(textOf(message)).toBe("ok");
  });

  it("reads nothing after [DONE]", async () => {
    const body = `${sse(chunk({ content: "ok" }, "stop"), "[DONE]")}data: not json\n\n`;
    const { terminal } = await parseChunks("openai-completions", [body]);
    expect(terminal.type).toBe("done");
  });

  it("treats a non-JSON event named error as the provider's error", async () => {
    const body = `${sse(chunk({ content: "par" }))}event: error\ndata: upstream overloaded\n\n`;
    const { message, terminal } = await parseChunks("openai-completions", [body]);
    expect(terminal.type).toBe("error");
    expect(message.errorMessage).toContain("upstream overloaded");
    expect(textOf(message)).toBe("par");
  });

  it("joins Mistral's typed text chunks and reasoning in several fields", async () => {
    const body = sse(
      chunk({ reasoning_content: "a" }),
      chunk({ reasoning: "b" }),
      chunk({
        content: [
          { type: "thinking", thinking: "c" },
          { type: "text", text: "x" },
        ],
      }),
      chunk({ content: [{ type: "text", text: "y" }] }, "stop"),
    );
    const { message } = await parseChunks("openai-completions", [body]);
    expect(thinkingOf(message)).toBe("abc");
    expect(textOf(message)).toBe("xy");
  });

  it("reads a legacy function_call, and usage that a server put inside the choice", async () => {
    const body = sse(
      chunk({ function_call: { name: "read", arguments: '{"pa' } }),
      chunk({ function_call: { arguments: 'th":"b"}' } }),
      {
        choices: [
          {
            index: 0,
            delta: {},
            finish_reason: "function_call",
            usage: { prompt_tokens: 7, completion_tokens: 3 },
          },
        ],
      },
    );
    const { message } = await parseChunks("openai-completions", [body]);
    const [call] = toolCallsOf(message);
    expect(call).toMatchObject({ name: "read", arguments: { path: "b" } });
    expect(call?.id.length).toBeGreaterThan(0);
    expect(message.stopReason).toBe("toolUse");
    expect(message.usage).toMatchObject({ input: 7, output: 3 });
  });

  it("counts DeepSeek cache hits and OpenRouter cache writes apart from fresh input", async () => {
    const usage = {
      prompt_tokens: 100,
      completion_tokens: 5,
      prompt_tokens_details: { cache_write_tokens: 30 },
      prompt_cache_hit_tokens: 60,
    };
    const { message } = await parseChunks("openai-completions", [
      sse(chunk({ content: "k" }, "stop"), { choices: [], usage }),
    ]);
    expect(message.usage).toMatchObject({ input: 10, cacheRead: 60, cacheWrite: 30, output: 5 });
  });
});

const event = (payload: Record<string, unknown>) =>
  `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
const completed = (usage = { input_tokens: 5, output_tokens: 3 }) =>
  event({ type: "response.completed", response: { id: "resp_1", status: "completed", usage } });

describe("openai-responses edge cases", () => {
  it("takes text, reasoning and arguments from finished items when no deltas came", async () => {
    const body = [
      event({
        type: "response.output_item.done",
        output_index: 0,
        item: {
          type: "reasoning",
          id: "rs_1",
          summary: [
            { type: "summary_text", text: "s1" },
            { type: "summary_text", text: "s2" },
          ],
        },
      }),
      event({
        type: "response.output_item.done",
        output_index: 1,
        item: { type: "message", id: "msg_1", content: [{ type: "output_text", text: "Hello" }] },
      }),
      event({
        type: "response.output_item.done",
        output_index: 2,
        item: { type: "function_call", id: "fc_1", call_id: "call_1", name: "f", arguments: '{"a":1}' },
      }),
      completed(),
    ].join("");
    const { message } = await parseChunks("openai-responses", [body]);
    expect(thinkingOf(message)).toBe("s1\n\ns2");
    expect(textOf(message)).toBe("Hello");
    expect(message.content[1]).toMatchObject({ signature: "msg_1" });
    expect(toolCallsOf(message)).toEqual([
      { type: "toolCall", id: "call_1|fc_1", name: "f", arguments: { a: 1 } },
    ]);
    expect(message.stopReason).toBe("toolUse");
  });

  it("routes deltas by output_index when a server leaves out item_id", async () => {
    const body = [
      event({
        type: "response.output_item.added",
        output_index: 0,
        item: { type: "function_call", call_id: "call_1", name: "f", arguments: "" },
      }),
      event({ type: "response.function_call_arguments.delta", output_index: 0, delta: '{"b":' }),
      event({ type: "response.function_call_arguments.delta", output_index: 0, delta: "2}" }),
      event({
        type: "response.output_item.done",
        output_index: 0,
        item: { type: "function_call", call_id: "call_1", name: "f", arguments: '{"b":2}' },
      }),
      completed(),
    ].join("");
    const { message } = await parseChunks("openai-responses", [body]);
    expect(toolCallsOf(message)).toEqual([
      { type: "toolCall", id: "call_1", name: "f", arguments: { b: 2 } },
    ]);
  });

  it("ends an incomplete response as a length stop, with its usage", async () => {
    const body = [
      event({ type: "response.output_text.delta", item_id: "msg_1", output_index: 0, delta: "Long" }),
      event({
        type: "response.incomplete",
        response: {
          status: "incomplete",
          incomplete_details: { reason: "max_output_tokens" },
          usage: { input_tokens: 9, output_tokens: 4 },
        },
      }),
    ].join("");
    const { message, terminal } = await parseChunks("openai-responses", [body]);
    expect(terminal.type).toBe("done");
    expect(message.stopReason).toBe("length");
    expect(message.usage).toMatchObject({ input: 9, output: 4 });
    expect(textOf(message)).toBe("Long");
  });

  it("ends a failed response with its error, keeping the partial text", async () => {
    const body = [
      event({ type: "response.output_text.delta", item_id: "msg_1", output_index: 0, delta: "Part" }),
      event({
        type: "response.failed",
        response: { status: "failed", error: { code: "server_error", message: "The model crashed" } },
      }),
    ].join("");
    const { message, terminal } = await parseChunks("openai-responses", [body]);
    expect(terminal.type).toBe("error");
    if (terminal.type === "error") expect(terminal.error.code).toBe("server_error");
    expect(message.errorMessage).toContain("The model crashed");
    expect(textOf(message)).toBe("Part");
  });

  it("reports a stream that stops before response.completed, and reads nothing after it", async () => {
    const cut = await parseChunks("openai-responses", [
      event({ type: "response.output_text.delta", output_index: 0, delta: "Hal" }),
    ]);
    expect(cut.message.errorMessage).toContain("stream ended before the response completed");
    expect(textOf(cut.message)).toBe("Hal");
    const after = await parseChunks("openai-responses", [`${completed()}data: garbage\n\n`]);
    expect(after.terminal.type).toBe("done");
  });
});
