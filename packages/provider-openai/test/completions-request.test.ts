import type { AssistantMessage, Context, Model, StreamOptions } from "@elyra/provider-kit";
import { frameSse, type MockServer, openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openaiCompletions } from "../src/index.js";
import { anthropicTurn, continuedFromAnthropic, PNG_1PX, weatherResult } from "./conversations.js";
import { collect, testModel } from "./helpers.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function model(overrides: Partial<Model> = {}): Model {
  return testModel("openai-completions", { baseUrl: `${server.url}/v1`, ...overrides });
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are read as free-form JSON.
type Body = Record<string, any>;

/** Streams one turn against the mock server and returns the request it received. */
async function send(context: Context, options: StreamOptions = {}, target = model()) {
  server.enqueue(openaiCompletionsReply({ text: "ok" }));
  const result = await collect(
    openaiCompletions.stream(target, context, { credential: "sk-test-123", ...options }),
  );
  expect(result.message.stopReason).toBe("stop");
  const request = server.requests.at(-1)!;
  return { request, body: request.json as Body, result };
}

const hello: Context = { messages: [{ role: "user", content: "Hello" }] };

describe("openai-completions request", () => {
  it("posts a streaming request to {baseUrl}/chat/completions with a Bearer credential", async () => {
    const { request, body } = await send(hello);
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe("Bearer sk-test-123");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(body).toEqual({
      model: "test-model",
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
      stream_options: { include_usage: true },
      store: false,
    });
  });

  it("sends model headers, and the caller's headers over them", async () => {
    const target = model({
      headers: { "X-Title": "Elyra", "x-both": "model", authorization: "Bearer model" },
    });
    const { request } = await send(hello, { headers: { "x-both": "caller" } }, target);
    expect(request.headers["x-title"]).toBe("Elyra");
    expect(request.headers["x-both"]).toBe("caller");
    // A model header may replace the credential header (a gateway with its own scheme).
    expect(request.headers.authorization).toBe("Bearer model");
  });

  it("keeps a query in the base URL at the end (Azure api-version)", async () => {
    const { request } = await send(
      hello,
      {},
      model({ baseUrl: `${server.url}/openai/deployments/d?api-version=2025-01-01` }),
    );
    expect(request.path).toBe("/openai/deployments/d/chat/completions");
    expect(new URL(request.url).searchParams.get("api-version")).toBe("2025-01-01");
  });

  it("sends the system prompt as system, or developer when the server takes it", async () => {
    const context = { ...hello, systemPrompt: "Be brief." };
    expect((await send(context)).body.messages[0]).toEqual({ role: "system", content: "Be brief." });
    const developer = model({ compat: { supportsDeveloperRole: true } });
    expect((await send(context, {}, developer)).body.messages[0]).toEqual({
      role: "developer",
      content: "Be brief.",
    });
  });

  it("sends images as data URLs, or says they were left out for a text-only model", async () => {
    const context: Context = {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", data: PNG_1PX, mimeType: "image/png" },
          ],
        },
      ],
    };
    expect((await send(context)).body.messages[0].content).toEqual([
      { type: "text", text: "What is this?" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_1PX}` } },
    ]);
    const textOnly = await send(context, {}, model({ input: ["text"] }));
    expect(textOnly.body.messages[0].content[1]).toEqual({
      type: "text",
      text: expect.stringContaining("image omitted"),
    });
  });

  it("sends tools, the output limit in the configured field, and the temperature", async () => {
    const context = continuedFromAnthropic();
    const { body } = await send(context, { maxTokens: 1000, temperature: 0.2 });
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "weather",
          description: "Current weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ]);
    expect(body.max_completion_tokens).toBe(1000);
    expect(body.temperature).toBe(0.2);
    const legacy = await send(
      context,
      { maxTokens: 1000 },
      model({ compat: { maxTokensField: "max_tokens" } }),
    );
    expect(legacy.body.max_tokens).toBe(1000);
    expect(legacy.body.max_completion_tokens).toBeUndefined();
  });

  it("leaves out store and stream_options for servers that reject them", async () => {
    const { body } = await send(
      hello,
      {},
      model({ compat: { supportsStore: false, supportsUsageInStreaming: false } }),
    );
    expect(body.store).toBeUndefined();
    expect(body.stream_options).toBeUndefined();
  });

  it.each([
    ["openai", "high", { reasoning_effort: "high" }],
    ["openai", "off", { reasoning_effort: "minimal" }],
    ["openrouter", "medium", { reasoning: { effort: "medium" } }],
    ["openrouter", "off", { reasoning: { effort: "none" } }],
    ["zai", "low", { thinking: { type: "enabled" } }],
    ["zai", "off", { thinking: { type: "disabled" } }],
    ["qwen", "high", { enable_thinking: true }],
    ["qwen", "off", { enable_thinking: false }],
  ] as const)("sends reasoning level for thinkingFormat %s (%s)", async (format, level, expected) => {
    const target = model({ reasoning: true, compat: { thinkingFormat: format } });
    const { body } = await send(hello, { reasoning: level }, target);
    expect(body).toMatchObject(expected);
  });

  it("sends no reasoning field for thinkingFormat none or a model that does not reason", async () => {
    const fields = ["reasoning_effort", "reasoning", "thinking", "enable_thinking"];
    const none = await send(
      hello,
      { reasoning: "high" },
      model({ reasoning: true, compat: { thinkingFormat: "none" } }),
    );
    const plain = await send(hello, { reasoning: "high" }, model({ reasoning: false }));
    for (const field of fields) {
      expect(none.body[field]).toBeUndefined();
      expect(plain.body[field]).toBeUndefined();
    }
  });

  it("continues a conversation started on Anthropic: thinking as text, no signature, ids kept in step", async () => {
    const { body, request } = await send(continuedFromAnthropic());
    expect(body.messages).toEqual([
      { role: "system", content: "You are terse." },
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: "The user wants the weather; call the tool.Let me check.",
        tool_calls: [
          {
            id: "toolu_01A09q90qw90lq917835lq9",
            type: "function",
            function: { name: "weather", arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "toolu_01A09q90qw90lq917835lq9", content: "18°C, sunny" },
      { role: "user", content: "Thanks. And tomorrow?" },
    ]);
    expect(request.body).not.toContain("EqQBCkgI");
  });

  it("rewrites foreign tool-call ids for Mistral, call and result alike", async () => {
    const { body } = await send(
      continuedFromAnthropic(),
      {},
      model({ compat: { toolCallIdFormat: "mistral" } }),
    );
    const id = body.messages[2].tool_calls[0].id;
    expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(body.messages[3].tool_call_id).toBe(id);
  });

  it("keeps a Responses call id, dropping the item id, and names tool results when required", async () => {
    const fromResponses: AssistantMessage = {
      ...anthropicTurn,
      api: "openai-responses",
      provider: "openai",
      model: "gpt-5",
      content: [{ type: "toolCall", id: "call_abc|fc_123", name: "weather", arguments: { city: "Paris" } }],
    };
    const context: Context = {
      messages: [
        { role: "user", content: "Weather?" },
        fromResponses,
        { ...weatherResult, toolCallId: "call_abc|fc_123" },
      ],
    };
    const { body } = await send(context, {}, model({ compat: { requiresToolResultName: true } }));
    expect(body.messages[1].tool_calls[0].id).toBe("call_abc");
    expect(body.messages[2]).toEqual({
      role: "tool",
      tool_call_id: "call_abc",
      name: "weather",
      content: "18°C, sunny",
    });
  });

  it("sends images from tool results in a user message after the run of results", async () => {
    const turn: AssistantMessage = {
      ...anthropicTurn,
      content: [
        { type: "toolCall", id: "call_1", name: "screenshot", arguments: {} },
        { type: "toolCall", id: "call_2", name: "weather", arguments: {} },
      ],
    };
    const context: Context = {
      messages: [
        { role: "user", content: "Look" },
        turn,
        {
          role: "toolResult",
          toolCallId: "call_1",
          toolName: "screenshot",
          content: [{ type: "image", data: PNG_1PX, mimeType: "image/png" }],
          isError: false,
        },
        { ...weatherResult, toolCallId: "call_2" },
      ],
    };
    const { body } = await send(context);
    expect(body.messages.map((message: Body) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "tool",
      "user",
    ]);
    expect(body.messages[2].content).toBe("(see attached image)");
    expect(body.messages[4].content[1]).toEqual({
      type: "image_url",
      image_url: { url: `data:image/png;base64,${PNG_1PX}` },
    });
  });

  it("drops an errored turn and answers a tool call that has no result", async () => {
    const errored: AssistantMessage = { ...anthropicTurn, stopReason: "error", errorMessage: "overloaded" };
    const context: Context = {
      messages: [
        { role: "user", content: "Weather?" },
        errored,
        { role: "user", content: "Try again" },
        anthropicTurn,
        { role: "user", content: "Never mind" },
      ],
    };
    const { body } = await send(context);
    expect(body.messages.map((message: Body) => message.role)).toEqual([
      "user",
      "user",
      "assistant",
      "tool",
      "user",
    ]);
    expect(body.messages[3].tool_call_id).toBe("toolu_01A09q90qw90lq917835lq9");
  });

  describe("replaying reasoning to the same model", () => {
    const target = (compat?: Model["compat"]) =>
      model({ provider: "deepseek", id: "deepseek-reasoner", reasoning: true, compat });
    const ownTurn = (content: AssistantMessage["content"]): AssistantMessage => ({
      ...anthropicTurn,
      api: "openai-completions",
      provider: "deepseek",
      model: "deepseek-reasoner",
      content,
    });
    const history = (turn: AssistantMessage): Context => ({
      messages: [{ role: "user", content: "Hi" }, turn, { role: "user", content: "More" }],
    });

    it("puts thinking back in compat.reasoningReplayField", async () => {
      const turn = ownTurn([
        { type: "thinking", thinking: "Greet back." },
        { type: "text", text: "Hello!" },
      ]);
      const { body } = await send(history(turn), {}, target({ reasoningReplayField: "reasoning_content" }));
      expect(body.messages[1]).toEqual({
        role: "assistant",
        content: "Hello!",
        reasoning_content: "Greet back.",
      });
    });

    it("sends OpenRouter's assembled reasoning_details back verbatim", async () => {
      const details = [
        {
          type: "reasoning.text",
          text: "Greet back.",
          signature: "sig",
          format: "anthropic-claude-v1",
          index: 0,
        },
      ];
      const turn = ownTurn([
        { type: "thinking", thinking: "Greet back.", signature: JSON.stringify(details) },
        { type: "text", text: "Hello!" },
      ]);
      const { body } = await send(history(turn), {}, target({ reasoningReplayField: "reasoning_details" }));
      expect(body.messages[1]).toEqual({ role: "assistant", content: "Hello!", reasoning_details: details });
    });

    it("drops thinking when the server has no field for it", async () => {
      const turn = ownTurn([
        { type: "thinking", thinking: "Greet back." },
        { type: "text", text: "Hello!" },
      ]);
      const { body } = await send(history(turn), {}, target());
      expect(body.messages[1]).toEqual({ role: "assistant", content: "Hello!" });
    });
  });
});

describe("openai-completions failures", () => {
  it("ends in an error event with the provider's message for an HTTP error, without the key", async () => {
    server.enqueue({
      kind: "error",
      status: 401,
      body: { error: { message: "Incorrect API key provided: sk-test-123", code: "invalid_api_key" } },
    });
    const { terminal, message } = await collect(
      openaiCompletions.stream(model(), hello, { credential: "sk-test-123" }),
    );
    expect(terminal.type).toBe("error");
    if (terminal.type !== "error") return;
    expect(terminal.error.kind).toBe("auth");
    expect(message.errorMessage).toContain("Incorrect API key provided");
    expect(message.errorMessage).not.toContain("sk-test-123");
  });

  it("aborts a request the server never answers", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const stream = openaiCompletions.stream(model(), hello, {
      credential: "sk-test",
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const { terminal, message } = await collect(stream);
    expect(terminal.type).toBe("error");
    expect(message.stopReason).toBe("aborted");
  });

  it("keeps the partial answer when aborted mid-stream", async () => {
    const reply = openaiCompletionsReply({ text: "one two three four five six", chunkSize: 4 });
    if (reply.kind !== "sse") throw new Error("expected an SSE reply");
    server.enqueue({ ...reply, delayMs: 30 });
    const controller = new AbortController();
    const stream = openaiCompletions.stream(model(), hello, {
      credential: "sk-test",
      signal: controller.signal,
    });
    const events = [];
    for await (const event of stream) {
      events.push(event);
      if (event.type === "text_delta" && event.partial.content.length > 0) controller.abort();
    }
    const message = await stream.result();
    expect(message.stopReason).toBe("aborted");
    expect((message.content[0] as { text: string }).text.length).toBeGreaterThan(0);
  });

  it("reports a stream that ended before it completed, keeping what arrived", async () => {
    const reply = openaiCompletionsReply({ text: "partial answer" });
    if (reply.kind !== "sse") throw new Error("expected an SSE reply");
    const head = reply.events.slice(0, 2).map(frameSse).join("");
    // A clean end of the body, with no finish_reason and no [DONE]…
    server.enqueue({ kind: "raw", body: head });
    const ended = await collect(openaiCompletions.stream(model(), hello, { credential: "sk-test" }));
    expect(ended.message.errorMessage).toContain("stream ended before the response completed");
    expect(ended.message.content).toEqual([{ type: "text", text: "partial " }]);
    // …and a connection cut mid-body.
    server.enqueue({ kind: "cut", after: head });
    const cut = await collect(openaiCompletions.stream(model(), hello, { credential: "sk-test" }));
    expect(cut.terminal.type).toBe("error");
    if (cut.terminal.type === "error") expect(cut.terminal.error.kind).toBe("network");
    expect(cut.message.content).toEqual([{ type: "text", text: "partial " }]);
  });
});
