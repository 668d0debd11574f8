import type { AssistantMessage, Context, Model, StreamOptions } from "@elyra/provider-kit";
import { fixtureAsSse, type MockServer, openaiResponsesReply, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openaiResponses } from "../src/index.js";
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
  return testModel("openai-responses", {
    provider: "openai",
    id: "gpt-5",
    baseUrl: `${server.url}/v1`,
    ...overrides,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are read as free-form JSON.
type Body = Record<string, any>;

async function send(context: Context, options: StreamOptions = {}, target = model()) {
  server.enqueue(openaiResponsesReply({ text: "ok" }));
  const result = await collect(
    openaiResponses.stream(target, context, { credential: "sk-test-456", ...options }),
  );
  expect(result.message.stopReason).toBe("stop");
  const request = server.requests.at(-1)!;
  return { request, body: request.json as Body };
}

const hello: Context = { messages: [{ role: "user", content: "Hello" }] };

describe("openai-responses request", () => {
  it("posts a stateless streaming request to {baseUrl}/responses with a Bearer credential", async () => {
    const { request, body } = await send({ ...hello, systemPrompt: "Be brief." });
    expect(request.path).toBe("/v1/responses");
    expect(request.headers.authorization).toBe("Bearer sk-test-456");
    expect(body).toEqual({
      model: "gpt-5",
      input: [{ role: "user", content: [{ type: "input_text", text: "Hello" }] }],
      stream: true,
      store: false,
      instructions: "Be brief.",
    });
  });

  it("sends images, tools, the output limit and a prompt cache key", async () => {
    const context: Context = {
      ...continuedFromAnthropic(),
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
    const { body } = await send(context, { maxTokens: 2048, sessionId: "session-42" });
    expect(body.input[0].content).toEqual([
      { type: "input_text", text: "What is this?" },
      { type: "input_image", detail: "auto", image_url: `data:image/png;base64,${PNG_1PX}` },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        name: "weather",
        description: "Current weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        strict: false,
      },
    ]);
    expect(body.max_output_tokens).toBe(2048);
    expect(body.prompt_cache_key).toBe("session-42");
  });

  it("asks reasoning models for summaries and encrypted reasoning", async () => {
    const reasoning = model({ reasoning: true });
    expect((await send(hello, { reasoning: "high" }, reasoning)).body).toMatchObject({
      reasoning: { effort: "high", summary: "auto" },
      include: ["reasoning.encrypted_content"],
    });
    expect((await send(hello, {}, reasoning)).body.reasoning).toEqual({ summary: "auto" });
    const plain = (await send(hello, { reasoning: "high" })).body;
    expect(plain.reasoning).toBeUndefined();
    expect(plain.include).toBeUndefined();
  });

  it("replays its own reasoning item, function call and output for the same model", async () => {
    // Turn one: a real gpt-5 stream (reasoning item without summary, then a function call).
    const target = model({ reasoning: true });
    server.enqueue({
      kind: "raw",
      body: fixtureAsSse("openai-responses/openai-gpt-5-reasoning-function-call-usage.sse", {
        eventNames: true,
        done: false,
      }),
    });
    const first = await collect(openaiResponses.stream(target, hello, { credential: "sk-test-456" }));
    const call = first.message.content[1];
    if (call?.type !== "toolCall") throw new Error("no tool call");
    const context: Context = {
      messages: [
        ...hello.messages,
        first.message,
        {
          role: "toolResult",
          toolCallId: call.id,
          toolName: call.name,
          content: [{ type: "text", text: "done" }],
          isError: false,
        },
      ],
    };
    const { body } = await send(context, {}, target);
    expect(body.input).toHaveLength(4);
    expect(body.input[1]).toMatchObject({
      type: "reasoning",
      id: "rs_0050471a34b36ae60068c97bac4dcc819595fd0f80d6b3c405",
      summary: [],
    });
    expect(body.input[1].encrypted_content.startsWith("gAAAAABoyXvx")).toBe(true);
    expect(body.input[2]).toEqual({
      type: "function_call",
      id: "fc_0050471a34b36ae60068c97bf19d9c819590eaf42c0edc1042",
      call_id: "call_CWXgs68YprAjp6t0371hiPOI",
      name: "final_result",
      arguments: '{"result":6666}',
    });
    expect(body.input[3]).toEqual({
      type: "function_call_output",
      call_id: "call_CWXgs68YprAjp6t0371hiPOI",
      output: "done",
    });
  });

  it("replays its own text with the message id, and leaves another model's ids and reasoning out", async () => {
    const own: AssistantMessage = {
      ...anthropicTurn,
      api: "openai-responses",
      provider: "openai",
      model: "gpt-5",
      content: [
        {
          type: "thinking",
          thinking: "",
          signature: JSON.stringify({ type: "reasoning", id: "rs_1", summary: [], encrypted_content: "enc" }),
        },
        { type: "text", text: "Hi!", signature: "msg_1" },
      ],
    };
    const context: Context = { messages: [...hello.messages, own, { role: "user", content: "Again" }] };
    const same = (await send(context)).body.input;
    expect(same[1]).toEqual({ type: "reasoning", id: "rs_1", summary: [], encrypted_content: "enc" });
    expect(same[2]).toEqual({
      type: "message",
      role: "assistant",
      status: "completed",
      id: "msg_1",
      content: [{ type: "output_text", text: "Hi!", annotations: [] }],
    });
    const other = (await send(context, {}, model({ id: "gpt-5-mini" }))).body.input;
    expect(other.map((item: Body) => item.type ?? item.role)).toEqual(["user", "message", "user"]);
    expect(other[1].id).toBeUndefined();
  });

  it("continues a conversation started on Anthropic", async () => {
    const { body, request } = await send(continuedFromAnthropic());
    expect(body.instructions).toBe("You are terse.");
    expect(body.input).toEqual([
      { role: "user", content: [{ type: "input_text", text: "Weather in Paris?" }] },
      {
        type: "message",
        role: "assistant",
        status: "completed",
        content: [
          { type: "output_text", text: "The user wants the weather; call the tool.", annotations: [] },
        ],
      },
      {
        type: "message",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Let me check.", annotations: [] }],
      },
      {
        type: "function_call",
        call_id: "call_toolu_01A09q90qw90lq917835lq9",
        name: "weather",
        arguments: '{"city":"Paris"}',
      },
      { type: "function_call_output", call_id: "call_toolu_01A09q90qw90lq917835lq9", output: "18°C, sunny" },
      { role: "user", content: [{ type: "input_text", text: "Thanks. And tomorrow?" }] },
    ]);
    expect(request.body).not.toContain("EqQBCkgI");
  });

  it("sends a tool result with images as input parts", async () => {
    const context: Context = {
      messages: [
        { role: "user", content: "Look" },
        anthropicTurn,
        {
          ...weatherResult,
          content: [
            { type: "text", text: "chart:" },
            { type: "image", data: PNG_1PX, mimeType: "image/png" },
          ],
        },
      ],
    };
    const output = (await send(context)).body.input.at(-1);
    expect(output).toEqual({
      type: "function_call_output",
      call_id: "call_toolu_01A09q90qw90lq917835lq9",
      output: [
        { type: "input_text", text: "chart:" },
        { type: "input_image", detail: "auto", image_url: `data:image/png;base64,${PNG_1PX}` },
      ],
    });
  });

  it("aborts a request the server never answers", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const stream = openaiResponses.stream(model(), hello, {
      credential: "sk-test",
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    expect((await collect(stream)).message.stopReason).toBe("aborted");
  });
});
