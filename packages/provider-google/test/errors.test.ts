import type { ProviderError, StreamOptions } from "@elyra/provider-kit";
import { type MockReply, type MockServer, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleGenerativeAi } from "../src/index.js";
import { API_KEY, collect, testModel } from "./helpers.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

const NO_RETRY: StreamOptions["retry"] = { maxRetries: 0 };

async function run(replies: MockReply[], options: StreamOptions = {}) {
  server.enqueue(...replies);
  const stream = googleGenerativeAi.stream(
    testModel(server.url),
    { messages: [{ role: "user", content: "hi" }] },
    {
      credential: API_KEY,
      retry: NO_RETRY,
      ...options,
    },
  );
  const { events, message } = await collect(stream);
  const end = events.at(-1)!;
  if (end.type !== "error") throw new Error(`expected an error, got ${end.type}`);
  return { error: end.error, message, events };
}

/** The key must not leak through the error, the message, or anything serialised from them. */
function expectNoKey(error: ProviderError, errorMessage: string | undefined) {
  for (const text of [
    error.message,
    errorMessage ?? "",
    String(error),
    JSON.stringify(error),
    error.stack ?? "",
  ]) {
    expect(text).not.toContain(API_KEY);
  }
}

const chunk = (parts: object[], extra: object = {}) =>
  JSON.stringify({
    candidates: [{ content: { role: "model", parts }, index: 0, ...extra }],
    ...usageOf(5, 2),
  });

function usageOf(prompt: number, candidates: number) {
  return {
    usageMetadata: {
      promptTokenCount: prompt,
      candidatesTokenCount: candidates,
      totalTokenCount: prompt + candidates,
    },
  };
}

describe("HTTP errors", () => {
  it("400 INVALID_ARGUMENT: Google's message, not retried", async () => {
    const body = {
      error: {
        code: 400,
        message:
          "Invalid JSON payload received. Unknown name \"foo\" at 'generation_config': Cannot find field.",
        status: "INVALID_ARGUMENT",
      },
    };
    const before = server.requests.length;
    const { error, message } = await run([{ kind: "error", status: 400, body }], {
      retry: { maxRetries: 2, baseDelayMs: 1 },
    });
    expect(server.requests.length - before).toBe(1);
    expect(error).toMatchObject({
      status: 400,
      kind: "invalid_request",
      retryable: false,
      code: "INVALID_ARGUMENT",
    });
    expect(error.message).toContain('Invalid JSON payload received. Unknown name "foo"');
    expect(message.stopReason).toBe("error");
    expect(message.errorMessage).toBe(error.message);
    expectNoKey(error, message.errorMessage);
  });

  it("429 RESOURCE_EXHAUSTED: retryable, and retried", async () => {
    const body = {
      error: {
        code: 429,
        message: "You exceeded your current quota, please check your plan and billing details.",
        status: "RESOURCE_EXHAUSTED",
      },
    };
    const before = server.requests.length;
    const { error } = await run(
      [
        { kind: "error", status: 429, body },
        { kind: "error", status: 429, body },
      ],
      { retry: { maxRetries: 1, baseDelayMs: 1 } },
    );
    expect(server.requests.length - before).toBe(2);
    expect(error).toMatchObject({
      status: 429,
      kind: "rate_limit",
      retryable: true,
      code: "RESOURCE_EXHAUSTED",
    });
    expect(error.message).toContain("You exceeded your current quota");
  });

  it("403 with the key echoed back (array-wrapped body): auth error, key redacted", async () => {
    const body = [
      {
        error: {
          code: 403,
          message: `API key ${API_KEY} is not valid. Please pass a valid API key.`,
          status: "PERMISSION_DENIED",
        },
      },
    ];
    const { error, message } = await run([{ kind: "error", status: 403, body }]);
    expect(error).toMatchObject({ status: 403, kind: "auth", retryable: false, code: "PERMISSION_DENIED" });
    expect(error.message).toContain("is not valid. Please pass a valid API key.");
    expectNoKey(error, message.errorMessage);
  });

  it("a refused connection: a network error without the key", async () => {
    const stream = googleGenerativeAi.stream(
      testModel("http://127.0.0.1:1"),
      { messages: [{ role: "user", content: "hi" }] },
      {
        credential: API_KEY,
        retry: NO_RETRY,
      },
    );
    const { events, message } = await collect(stream);
    const end = events.at(-1)!;
    expect(end.type).toBe("error");
    if (end.type === "error") expectNoKey(end.error, message.errorMessage);
  });
});

describe("errors inside the stream", () => {
  it("an error object mid-stream ends the turn and keeps the text so far", async () => {
    const { error, message } = await run([
      {
        kind: "sse",
        events: [
          chunk([{ text: "Partial " }]),
          chunk([{ text: "answer" }]),
          JSON.stringify({
            error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" },
          }),
        ],
      },
    ]);
    expect(error).toMatchObject({ kind: "server", retryable: true, status: 500, code: "INTERNAL" });
    expect(error.message).toContain("Internal error encountered.");
    expect(message.content).toEqual([{ type: "text", text: "Partial answer" }]);
    // Usage received before the failure still counts.
    expect(message.usage).toMatchObject({ input: 5, output: 2 });
  });

  it("a blocked prompt (promptFeedback.blockReason)", async () => {
    const { error, message } = await run([
      {
        kind: "sse",
        events: [JSON.stringify({ promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, ...usageOf(7, 0) })],
      },
    ]);
    expect(error).toMatchObject({ kind: "invalid_request", retryable: false, code: "PROHIBITED_CONTENT" });
    expect(error.message).toContain("refused the prompt");
    expect(error.message).toContain("PROHIBITED_CONTENT");
    expect(message.content).toEqual([]);
    expect(message.usage.input).toBe(7);
  });

  for (const [reason, pattern, retryable] of [
    ["SAFETY", /safety filters/, false],
    ["RECITATION", /reciting training data/, false],
    ["MALFORMED_FUNCTION_CALL", /tool call that could not be parsed/, true],
    ["OTHER", /stopped the answer early/, true],
    ["SOMETHING_NEW", /stopped the answer early/, true],
  ] as const) {
    it(`finishReason ${reason} is an error that keeps the partial answer`, async () => {
      const { error, message } = await run([
        {
          kind: "sse",
          events: [
            chunk([{ thought: true, text: "Thinking..." }]),
            chunk([{ text: "Here is the" }], { finishReason: reason, finishMessage: "Gemini's own note" }),
          ],
        },
      ]);
      expect(error.message).toMatch(pattern);
      expect(error.message).toContain(`finishReason ${reason}`);
      expect(error.message).toContain("Gemini's own note");
      expect(error).toMatchObject({ retryable, code: reason });
      expect(message.stopReason).toBe("error");
      expect(message.content).toEqual([
        { type: "thinking", thinking: "Thinking..." },
        { type: "text", text: "Here is the" },
      ]);
    });
  }

  it("MAX_TOKENS ends the turn with stopReason length", async () => {
    server.enqueue({ kind: "sse", events: [chunk([{ text: "Cut" }], { finishReason: "MAX_TOKENS" })] });
    const stream = googleGenerativeAi.stream(
      testModel(server.url),
      { messages: [{ role: "user", content: "hi" }] },
      {
        credential: API_KEY,
      },
    );
    const { events, message } = await collect(stream);
    expect(events.at(-1)).toMatchObject({ type: "done", reason: "length" });
    expect(message.content).toEqual([{ type: "text", text: "Cut" }]);
  });

  it("a stream that ends without a finishReason is an error that keeps the text", async () => {
    const { error, message } = await run([{ kind: "sse", events: [chunk([{ text: "Half an ans" }])] }]);
    expect(error.message).toContain("no finishReason");
    expect(error.retryable).toBe(true);
    expect(message.content).toEqual([{ type: "text", text: "Half an ans" }]);
  });

  it("a connection cut mid-event keeps what was complete", async () => {
    const first = `data: ${chunk([{ text: "Complete part. " }])}\r\n\r\n`;
    const broken = `data: ${chunk([{ text: "Never seen" }]).slice(0, 30)}`;
    const { message } = await run([{ kind: "cut", after: first + broken }]);
    expect(message.stopReason).toBe("error");
    expect(message.content).toEqual([{ type: "text", text: "Complete part. " }]);
  });

  it("a streamed tool call cut before its end keeps its name, never announced complete", async () => {
    const start = chunk([{ functionCall: { name: "write", willContinue: true } }]);
    const fragment = chunk([
      { functionCall: { partialArgs: [{ jsonPath: "$.path", stringValue: "a.txt" }], willContinue: true } },
    ]);
    const { events, message } = await run([{ kind: "sse", events: [start, fragment] }]);
    expect(events.some((e) => e.type === "toolcall_end")).toBe(false);
    expect(message.content).toMatchObject([{ type: "toolCall", name: "write" }]);
  });

  it("an abort while waiting ends as aborted", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const stream = googleGenerativeAi.stream(
      testModel(server.url),
      { messages: [{ role: "user", content: "hi" }] },
      {
        credential: API_KEY,
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 50);
    const { events, message } = await collect(stream);
    expect(events.at(-1)).toMatchObject({ type: "error", reason: "aborted" });
    expect(message.stopReason).toBe("aborted");
  });
});
