import type { AssistantMessage, Context, Model, ReasoningLevel, StreamOptions } from "@elyra/provider-kit";
import { type MockServer, type RecordedRequest, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, { googleGenerativeAi } from "../src/index.js";
import { API_KEY, collect, testModel } from "./helpers.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
  const done = JSON.stringify({
    candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP" }],
  });
  server.setDefault({ kind: "sse", events: [done] });
});
afterAll(() => server.close());

/** Send one request and return what the server saw. */
async function send(
  context: Context,
  options: StreamOptions = {},
  model: Model = testModel(server.url),
): Promise<RecordedRequest> {
  const before = server.requests.length;
  const { message } = await collect(
    googleGenerativeAi.stream(model, context, { credential: API_KEY, ...options }),
  );
  expect(message.stopReason).toBe("stop");
  expect(server.requests.length).toBe(before + 1);
  return server.requests.at(-1)!;
}

type Body = {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  systemInstruction?: unknown;
  tools?: unknown;
  generationConfig?: Record<string, unknown>;
};

const body = (request: RecordedRequest) => request.json as Body;

function assistant(model: Partial<AssistantMessage> & Pick<AssistantMessage, "content">): AssistantMessage {
  return {
    role: "assistant",
    api: "google-generative-ai",
    provider: "google",
    model: "gemini-test",
    usage: {
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: 0,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
    },
    stopReason: "toolUse",
    timestamp: 0,
    ...model,
  };
}

describe("the request", () => {
  it("goes to /models/<id>:streamGenerateContent?alt=sse with the key in x-goog-api-key only", async () => {
    const request = await send({ messages: [{ role: "user", content: "hi" }] });
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/models/gemini-test:streamGenerateContent");
    const url = new URL(request.url);
    expect(url.searchParams.get("alt")).toBe("sse");
    expect([...url.searchParams.keys()]).toEqual(["alt"]);
    expect(request.url).not.toContain(API_KEY);
    expect(request.headers["x-goog-api-key"]).toBe(API_KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).not.toContain(API_KEY);
  });

  it("keeps a base path, tolerates a trailing slash, and lets option headers win over model headers", async () => {
    const model = testModel(`${server.url}/v1beta/`, { headers: { "x-model": "m", "x-both": "model" } });
    const request = await send(
      { messages: [{ role: "user", content: "hi" }] },
      { headers: { "x-both": "options" } },
      model,
    );
    expect(request.path).toBe("/v1beta/models/gemini-test:streamGenerateContent");
    expect(request.headers["x-model"]).toBe("m");
    expect(request.headers["x-both"]).toBe("options");
  });

  it("reports the request to onRequest with the key redacted", async () => {
    const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
    await send({ messages: [{ role: "user", content: "hi" }] }, { onRequest: (r) => seen.push(r) });
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toContain(API_KEY);
    expect(seen[0]?.headers["x-goog-api-key"]).toBe("[redacted]");
  });

  it("sends the system prompt, user text and images, tools and generation settings", async () => {
    const request = await send(
      {
        systemPrompt: "You are terse.",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is in this picture?" },
              { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
            ],
          },
        ],
        tools: [
          {
            name: "read",
            description: "Read a file",
            parameters: {
              $schema: "http://json-schema.org/draft-07/schema#",
              type: "object",
              properties: { path: { type: "string" }, limit: { type: "integer", exclusiveMinimum: 0 } },
              required: ["path"],
              additionalProperties: false,
            },
          },
        ],
      },
      { maxTokens: 1234, temperature: 0.2 },
    );
    expect(body(request)).toEqual({
      systemInstruction: { parts: [{ text: "You are terse." }] },
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is in this picture?" },
            { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: "read",
              description: "Read a file",
              // JSON Schema as is (additionalProperties, exclusiveMinimum kept), minus the meta-schema URL.
              parametersJsonSchema: {
                type: "object",
                properties: { path: { type: "string" }, limit: { type: "integer", exclusiveMinimum: 0 } },
                required: ["path"],
                additionalProperties: false,
              },
            },
          ],
        },
      ],
      generationConfig: { maxOutputTokens: 1234, temperature: 0.2 },
    });
  });

  it("omits what was not asked for", async () => {
    const request = await send({ messages: [{ role: "user", content: "hi" }] });
    expect(body(request)).toEqual({ contents: [{ role: "user", parts: [{ text: "hi" }] }] });
  });

  it("replaces images for a text-only model with a note", async () => {
    const model = testModel(server.url, { input: ["text"] });
    const request = await send(
      { messages: [{ role: "user", content: [{ type: "image", mimeType: "image/png", data: "AAAA" }] }] },
      {},
      model,
    );
    expect(body(request).contents[0]?.parts).toEqual([
      { text: "(image omitted: this model does not accept images)" },
    ]);
  });

  it("replays this model's own turn: thinking as thought parts, signatures, calls and merged results", async () => {
    const request = await send({
      messages: [
        { role: "user", content: "List two files." },
        assistant({
          content: [
            { type: "thinking", thinking: "I should call read twice.", signature: "sig-thought" },
            { type: "text", text: "Reading both.", signature: "sig-text" },
            {
              type: "toolCall",
              id: "call_1",
              name: "read",
              arguments: { path: "a.txt" },
              signature: "sig-call",
            },
            { type: "toolCall", id: "call_2", name: "read", arguments: { path: "b.txt" } },
          ],
        }),
        {
          role: "toolResult",
          toolCallId: "call_1",
          toolName: "read",
          content: [{ type: "text", text: "A" }],
          isError: false,
        },
        {
          role: "toolResult",
          toolCallId: "call_2",
          toolName: "read",
          content: [{ type: "text", text: "no such file" }],
          isError: true,
        },
        { role: "user", content: "Thanks." },
      ],
    });
    expect(body(request).contents).toEqual([
      { role: "user", parts: [{ text: "List two files." }] },
      {
        role: "model",
        parts: [
          { thought: true, text: "I should call read twice.", thoughtSignature: "sig-thought" },
          { text: "Reading both.", thoughtSignature: "sig-text" },
          { functionCall: { name: "read", args: { path: "a.txt" } }, thoughtSignature: "sig-call" },
          { functionCall: { name: "read", args: { path: "b.txt" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "read", response: { output: "A" } } },
          { functionResponse: { name: "read", response: { error: "no such file" } } },
          { text: "Thanks." },
        ],
      },
    ]);
  });

  it("sends tool-result images after the function response", async () => {
    const request = await send({
      messages: [
        { role: "user", content: "Screenshot?" },
        assistant({ content: [{ type: "toolCall", id: "call_1", name: "shot", arguments: {} }] }),
        {
          role: "toolResult",
          toolCallId: "call_1",
          toolName: "shot",
          content: [
            { type: "text", text: "taken" },
            { type: "image", mimeType: "image/jpeg", data: "/9j/" },
          ],
          isError: false,
        },
      ],
    });
    expect(body(request).contents[2]).toEqual({
      role: "user",
      parts: [
        { functionResponse: { name: "shot", response: { output: "taken" } } },
        { inlineData: { mimeType: "image/jpeg", data: "/9j/" } },
      ],
    });
  });
});

describe("a conversation begun on another provider", () => {
  const anthropicTurn: AssistantMessage = assistant({
    api: "anthropic-messages",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    content: [
      {
        type: "thinking",
        thinking: "The user wants the README.",
        signature: "EqQBCkYIBxgCKkA-anthropic-signature",
      },
      { type: "text", text: "Let me read it." },
      {
        type: "toolCall",
        id: "toolu_01A09q90qw90lq917835lq9",
        name: "read",
        arguments: { path: "README.md" },
      },
    ],
  });
  const messages: Context["messages"] = [
    { role: "user", content: "Summarise the README." },
    anthropicTurn,
    {
      role: "toolResult",
      toolCallId: "toolu_01A09q90qw90lq917835lq9",
      toolName: "read",
      content: [{ type: "text", text: "# Elyra" }],
      isError: false,
    },
  ];

  it("continues with the thinking as text, no foreign signature, and matching function names", async () => {
    const request = await send({ messages });
    expect(body(request).contents).toEqual([
      { role: "user", parts: [{ text: "Summarise the README." }] },
      {
        role: "model",
        parts: [
          { text: "The user wants the README." },
          { text: "Let me read it." },
          { functionCall: { name: "read", args: { path: "README.md" } } },
        ],
      },
      { role: "user", parts: [{ functionResponse: { name: "read", response: { output: "# Elyra" } } }] },
    ]);
    expect(request.body).not.toContain("anthropic-signature");
    expect(request.body).not.toContain("toolu_");
  });

  it("gives a Gemini 3 model Google's placeholder signature on the carried-over call", async () => {
    const model = testModel(server.url, { compat: { requiresThoughtSignatures: true } });
    const request = await send({ messages }, {}, model);
    expect(body(request).contents[1]?.parts[2]).toEqual({
      functionCall: { name: "read", args: { path: "README.md" } },
      thoughtSignature: "skip_thought_signature_validator",
    });
    expect(request.body).not.toContain("anthropic-signature");
  });

  it("never puts the placeholder on this model's own unsigned calls", async () => {
    const model = testModel(server.url, { compat: { requiresThoughtSignatures: true } });
    const own = assistant({ content: [{ type: "toolCall", id: "call_9", name: "read", arguments: {} }] });
    const request = await send(
      {
        messages: [
          { role: "user", content: "go" },
          own,
          { role: "toolResult", toolCallId: "call_9", toolName: "read", content: [], isError: false },
        ],
      },
      {},
      model,
    );
    expect(request.body).not.toContain("skip_thought_signature_validator");
  });
});

describe("thinkingConfig", () => {
  const levels: ReasoningLevel[] = ["minimal", "low", "medium", "high", "xhigh"];

  async function thinkingFor(model: Model, reasoning: ReasoningLevel | undefined): Promise<unknown> {
    const request = await send({ messages: [{ role: "user", content: "hi" }] }, { reasoning }, model);
    return body(request).generationConfig?.thinkingConfig;
  }

  it("Gemini 2.5 style: a token budget per level", async () => {
    const model = testModel(server.url, { compat: { geminiThinking: "budget" } });
    const budgets = [];
    for (const level of levels) budgets.push(await thinkingFor(model, level));
    expect(budgets).toEqual(
      [512, 2048, 8192, 24576, 24576].map((thinkingBudget) => ({ includeThoughts: true, thinkingBudget })),
    );
  });

  it("is a budget when the model says nothing, with per-model overrides", async () => {
    const model = testModel(server.url, { compat: { geminiThinkingValues: { xhigh: 32768 } } });
    expect(await thinkingFor(model, "xhigh")).toEqual({ includeThoughts: true, thinkingBudget: 32768 });
    expect(await thinkingFor(model, "low")).toEqual({ includeThoughts: true, thinkingBudget: 2048 });
  });

  it("Gemini 3 style: a thinkingLevel per level, with per-model overrides", async () => {
    const model = testModel(server.url, {
      compat: { geminiThinking: "level", geminiThinkingValues: { minimal: "LOW" } },
    });
    const sent = [];
    for (const level of levels) sent.push(await thinkingFor(model, level));
    expect(sent).toEqual(
      ["LOW", "LOW", "MEDIUM", "HIGH", "HIGH"].map((thinkingLevel) => ({
        includeThoughts: true,
        thinkingLevel,
      })),
    );
  });

  it("sends nothing when reasoning is off, unset, or the model does not reason", async () => {
    const model = testModel(server.url, { compat: { geminiThinking: "level" } });
    expect(await thinkingFor(model, "off")).toBeUndefined();
    expect(await thinkingFor(model, undefined)).toBeUndefined();
    expect(await thinkingFor(testModel(server.url, { reasoning: false }), "high")).toBeUndefined();
  });

  it("the built-in catalogue says which models take levels", () => {
    const models = plugin.providers?.[0]?.models ?? [];
    const byId = Object.fromEntries(models.map((m) => [m.id, m.compat?.geminiThinking]));
    expect(byId["gemini-2.5-pro"]).toBe("budget");
    expect(byId["gemini-3-pro-preview"]).toBe("level");
  });
});
