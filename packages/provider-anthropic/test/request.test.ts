import type { AssistantMessage, Context, Message, Model, StreamOptions } from "@elyra/provider-kit";
import {
  anthropicMessagesReply,
  type MockServer,
  type RecordedRequest,
  startMockServer,
} from "@elyra/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anthropicMessages, THINKING_BUDGETS } from "../src/index.js";
import { collect, testModel } from "./helpers.js";

const API_KEY = "sk-ant-api03-request-test-key";
const OAUTH_TOKEN = "sk-ant-oat01-request-test-token";
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
  server.setDefault(anthropicMessagesReply({ text: "ok" }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

async function send(
  context: Context,
  options: StreamOptions = {},
  model: Model = testModel(server.url),
): Promise<RecordedRequest> {
  const { terminal } = await collect(
    anthropicMessages.stream(model, context, { credential: API_KEY, ...options }),
  );
  expect(terminal.type).toBe("done");
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

// biome-ignore lint/suspicious/noExplicitAny: the assertions walk whatever JSON the server received.
type Json = any;

async function body(context: Context, options?: StreamOptions, model?: Model): Promise<Json> {
  return (await send(context, options, model)).json;
}

const hello: Context = { messages: [{ role: "user", content: "hello" }] };

function assistant(
  content: AssistantMessage["content"],
  from: Partial<AssistantMessage> = {},
): AssistantMessage {
  return {
    role: "assistant",
    content,
    api: "anthropic-messages",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    usage: {
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: 0,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
    },
    stopReason: content.some((b) => b.type === "toolCall") ? "toolUse" : "stop",
    timestamp: 0,
    ...from,
  };
}

function toolResult(toolCallId: string, text: string, extra: Partial<Message> = {}): Message {
  return {
    role: "toolResult",
    toolCallId,
    toolName: "read",
    content: [{ type: "text", text }],
    isError: false,
    ...extra,
  } as Message;
}

describe("request: URL and headers", () => {
  it("POSTs to {baseUrl}/v1/messages with the API key, version and SSE accept header", async () => {
    const request = await send(hello);
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/messages");
    expect(request.headers["x-api-key"]).toBe(API_KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers["anthropic-version"]).toBe("2023-06-01");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.accept).toBe("text/event-stream");
  });

  it("accepts a base URL with a trailing slash", async () => {
    const request = await send(hello, {}, testModel(`${server.url}/`));
    expect(request.path).toBe("/v1/messages");
  });

  it("sends an OAuth access token as a Bearer token, not as x-api-key", async () => {
    const request = await send(hello, { credential: OAUTH_TOKEN });
    expect(request.headers.authorization).toBe(`Bearer ${OAUTH_TOKEN}`);
    expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("lets compat.credentialHeader decide, whatever the credential looks like", async () => {
    const bearer = testModel(server.url, { compat: { credentialHeader: "bearer" } });
    expect((await send(hello, {}, bearer)).headers.authorization).toBe(`Bearer ${API_KEY}`);
    server.requests.length = 0;
    const apiKey = testModel(server.url, { compat: { credentialHeader: "x-api-key" } });
    const request = await send(hello, { credential: OAUTH_TOKEN }, apiKey);
    expect(request.headers["x-api-key"]).toBe(OAUTH_TOKEN);
    expect(request.headers.authorization).toBeUndefined();
  });

  it("merges model and caller headers over the defaults, the caller's last", async () => {
    const model = testModel(server.url, { headers: { "anthropic-beta": "model-beta", "X-Model": "m" } });
    const request = await send(hello, { headers: { "Anthropic-Beta": "caller-beta" } }, model);
    expect(request.headers["anthropic-beta"]).toBe("caller-beta");
    expect(request.headers["x-model"]).toBe("m");
    expect(request.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it("shows onRequest the request with the credential redacted", async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    await send(hello, { onRequest: (request) => void seen.push(request) });
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen[0])).not.toContain(API_KEY);
    expect(JSON.parse(seen[0]!.body).messages).toHaveLength(1);
  });
});

describe("request: body", () => {
  it("streams, with max_tokens from the model unless the caller gives one", async () => {
    const json = await body(hello);
    expect(json.model).toBe("claude-sonnet-4-5");
    expect(json.stream).toBe(true);
    expect(json.max_tokens).toBe(64_000);
    server.requests.length = 0;
    expect((await body(hello, { maxTokens: 500 })).max_tokens).toBe(500);
  });

  it("sends the system prompt as a cached text block and marks the last block of the last user turn", async () => {
    const context: Context = {
      systemPrompt: "You are terse.",
      messages: [
        { role: "user", content: "first" },
        assistant([{ type: "text", text: "reply" }]),
        {
          role: "user",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
      ],
    };
    const json = await body(context);
    expect(json.system).toEqual([
      { type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } },
    ]);
    expect(json.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "first" }] },
      { role: "assistant", content: [{ type: "text", text: "reply" }] },
      {
        role: "user",
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b", cache_control: { type: "ephemeral" } },
        ],
      },
    ]);
  });

  it("puts the cache breakpoint on the last tool result when tool results end the conversation", async () => {
    const context: Context = {
      messages: [
        { role: "user", content: "go" },
        assistant([{ type: "toolCall", id: "toolu_1", name: "read", arguments: { path: "a" } }]),
        toolResult("toolu_1", "contents"),
      ],
    };
    const json = await body(context);
    expect(json.messages[2].content).toEqual([
      {
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: [{ type: "text", text: "contents" }],
        cache_control: { type: "ephemeral" },
      },
    ]);
    expect(JSON.stringify(json.messages.slice(0, 2))).not.toContain("cache_control");
  });

  it("sends no cache_control when compat.supportsPromptCaching is false", async () => {
    const model = testModel(server.url, { compat: { supportsPromptCaching: false } });
    const json = await body({ systemPrompt: "sys", messages: hello.messages }, {}, model);
    expect(json.system).toEqual([{ type: "text", text: "sys" }]);
    expect(JSON.stringify(json)).not.toContain("cache_control");
  });

  it("sends tools as name, description and input_schema", async () => {
    const parameters = { type: "object", properties: { path: { type: "string" } }, required: ["path"] };
    const json = await body({ ...hello, tools: [{ name: "read", description: "Read a file", parameters }] });
    expect(json.tools).toEqual([{ name: "read", description: "Read a file", input_schema: parameters }]);
    server.requests.length = 0;
    expect((await body({ ...hello, tools: [] })).tools).toBeUndefined();
  });

  it("sends user images as base64 sources, and a note instead when the model takes no images", async () => {
    const context: Context = {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image", data: PNG, mimeType: "image/png" },
          ],
        },
      ],
    };
    const json = await body(context);
    expect(json.messages[0].content).toEqual([
      { type: "text", text: "what is this?" },
      {
        type: "image",
        source: { type: "base64", media_type: "image/png", data: PNG },
        cache_control: { type: "ephemeral" },
      },
    ]);
    server.requests.length = 0;
    const textOnly = await body(context, {}, testModel(server.url, { input: ["text"] }));
    expect(JSON.stringify(textOnly)).not.toContain(PNG);
    expect(textOnly.messages[0].content[1].type).toBe("text");
  });

  it("merges consecutive tool results into one user turn, with is_error and images", async () => {
    const context: Context = {
      messages: [
        { role: "user", content: "look" },
        assistant([
          { type: "text", text: "Reading both." },
          { type: "toolCall", id: "toolu_a", name: "read", arguments: { path: "a.png" } },
          { type: "toolCall", id: "toolu_b", name: "read", arguments: { path: "missing" } },
        ]),
        {
          role: "toolResult",
          toolCallId: "toolu_a",
          toolName: "read",
          content: [
            { type: "text", text: "an image" },
            { type: "image", data: PNG, mimeType: "image/png" },
          ],
          isError: false,
        },
        toolResult("toolu_b", "ENOENT", { isError: true } as Partial<Message>),
        { role: "user", content: "and now?" },
      ],
    };
    const json = await body(context);
    expect(json.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "user", "user"]);
    expect(json.messages[1].content).toEqual([
      { type: "text", text: "Reading both." },
      { type: "tool_use", id: "toolu_a", name: "read", input: { path: "a.png" } },
      { type: "tool_use", id: "toolu_b", name: "read", input: { path: "missing" } },
    ]);
    expect(json.messages[2].content).toEqual([
      {
        type: "tool_result",
        tool_use_id: "toolu_a",
        content: [
          { type: "text", text: "an image" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
        ],
      },
      {
        type: "tool_result",
        tool_use_id: "toolu_b",
        content: [{ type: "text", text: "ENOENT" }],
        is_error: true,
      },
    ]);
  });

  it("replays this model's thinking with its signature and redacted thinking as redacted_thinking", async () => {
    const context: Context = {
      messages: [
        { role: "user", content: "think" },
        assistant([
          { type: "thinking", thinking: "Let me see.", signature: "sig-1" },
          { type: "thinking", thinking: "", signature: "opaque-data", redacted: true },
          { type: "thinking", thinking: "never signed" },
          { type: "text", text: "Done." },
          { type: "text", text: "" },
        ]),
        { role: "user", content: "again" },
      ],
    };
    const json = await body(context);
    expect(json.messages[1].content).toEqual([
      { type: "thinking", thinking: "Let me see.", signature: "sig-1" },
      { type: "redacted_thinking", data: "opaque-data" },
      { type: "text", text: "never signed" },
      { type: "text", text: "Done." },
    ]);
  });

  it("continues a conversation begun on openai-completions: thinking as text, ids sanitised alike", async () => {
    const foreign = (content: AssistantMessage["content"]) =>
      assistant(content, { api: "openai-completions", provider: "openai", model: "gpt-5" });
    const longId = `call_${"x".repeat(80)}`;
    const context: Context = {
      messages: [
        { role: "user", content: "list and read" },
        foreign([
          { type: "thinking", thinking: "I should list first.", signature: "openai-encrypted-reasoning" },
          { type: "toolCall", id: "call_abc|fc_123", name: "ls", arguments: {} },
          { type: "toolCall", id: "call 1/2+x", name: "read", arguments: { path: "b" } },
          { type: "toolCall", id: longId, name: "read", arguments: { path: "c" } },
        ]),
        toolResult("call_abc|fc_123", "a b c"),
        toolResult("call 1/2+x", "bee"),
        toolResult(longId, "sea"),
      ],
    };
    const json = await body(context);
    const [thought, ...uses] = json.messages[1].content;
    expect(thought).toEqual({ type: "text", text: "I should list first." });
    expect(JSON.stringify(json)).not.toContain("openai-encrypted-reasoning");
    const useIds = uses.map((u: { id: string }) => u.id);
    const resultIds = json.messages[2].content.map((r: { tool_use_id: string }) => r.tool_use_id);
    expect(resultIds).toEqual(useIds);
    expect(new Set(useIds).size).toBe(3);
    for (const id of useIds) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(useIds[0]).not.toBe("call_abc|fc_123");
  });

  it("keeps this model's own tool-call ids unchanged", async () => {
    const context: Context = {
      messages: [
        { role: "user", content: "go" },
        assistant([{ type: "toolCall", id: "toolu_01ABC", name: "ls", arguments: {} }]),
        toolResult("toolu_01ABC", "x"),
      ],
    };
    const json = await body(context);
    expect(json.messages[1].content[0].id).toBe("toolu_01ABC");
    expect(json.messages[2].content[0].tool_use_id).toBe("toolu_01ABC");
  });
});

describe("request: thinking", () => {
  const levels = Object.entries(THINKING_BUDGETS) as [keyof typeof THINKING_BUDGETS, number][];

  it("documents a growing budget per level, each at least the API's 1024", () => {
    const budgets = levels.map(([, budget]) => budget);
    expect(budgets[0]).toBe(1024);
    expect([...budgets].sort((a, b) => a - b)).toEqual(budgets);
    expect(new Set(budgets).size).toBe(budgets.length);
  });

  for (const [level, budget] of levels) {
    it(`reasoning "${level}" sends thinking.budget_tokens ${budget} below max_tokens`, async () => {
      const json = await body(hello, { reasoning: level, temperature: 0.2 });
      expect(json.thinking).toEqual({ type: "enabled", budget_tokens: budget });
      expect(json.max_tokens).toBe(64_000);
      expect(json.temperature).toBeUndefined();
    });
  }

  it("sends no thinking when reasoning is off, unset, or the model does not reason", async () => {
    expect((await body(hello, { reasoning: "off", temperature: 0.2 })).thinking).toBeUndefined();
    expect(server.requests[0]!.json).toMatchObject({ temperature: 0.2 });
    server.requests.length = 0;
    expect((await body(hello)).thinking).toBeUndefined();
    server.requests.length = 0;
    const plain = testModel(server.url, { reasoning: false });
    expect((await body(hello, { reasoning: "high" }, plain)).thinking).toBeUndefined();
  });

  it("raises a max_tokens smaller than the budget, so the requested limit is left for the answer", async () => {
    const json = await body(hello, { reasoning: "high", maxTokens: 4000 });
    expect(json.thinking.budget_tokens).toBe(THINKING_BUDGETS.high);
    expect(json.max_tokens).toBe(THINKING_BUDGETS.high + 4000);
  });

  it("shrinks the budget to fit a model whose output limit is below it, and drops thinking below 1024", async () => {
    const small = testModel(server.url, { maxTokens: 8192 });
    const json = await body(hello, { reasoning: "xhigh" }, small);
    expect(json.max_tokens).toBe(8192);
    expect(json.thinking.budget_tokens).toBe(8192 - 1024);
    expect(json.thinking.budget_tokens).toBeLessThan(json.max_tokens);
    server.requests.length = 0;
    const tiny = testModel(server.url, { maxTokens: 1500 });
    const none = await body(hello, { reasoning: "low" }, tiny);
    expect(none.thinking).toBeUndefined();
    expect(none.max_tokens).toBe(1500);
  });
});
