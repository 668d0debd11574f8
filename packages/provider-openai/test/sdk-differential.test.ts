import { type MockServer, startMockServer } from "@elyra/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiCompletions, openaiResponses } from "../src/index.js";
import { splitResponsesCallId } from "../src/tool-call-ids.js";
import { fixtureStreams } from "./fixture-streams.js";
import { collect, testModel, textOf, toolCallsOf } from "./helpers.js";

/**
 * The official SDK's stream helpers, pointed at the same bytes, as an independent parser: they must
 * accumulate the same text and tool calls (names and arguments) as Elyra. Where the SDK does not know a
 * vendor extension, only what it does handle is compared (noted per case).
 */

interface Seen {
  failed: boolean;
  errorMessage?: string;
  text: string;
  toolCalls: { id: string; name: string; arguments: unknown }[];
}

let server: MockServer;
let sdk: OpenAI;
beforeAll(async () => {
  server = await startMockServer();
  sdk = new OpenAI({ apiKey: "sk-differential", baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

async function elyra(api: "openai-completions" | "openai-responses", bytes: Buffer): Promise<Seen> {
  server.enqueue({ kind: "raw", body: bytes });
  const model = testModel(api, { baseUrl: `${server.url}/v1` });
  const implementation = api === "openai-completions" ? openaiCompletions : openaiResponses;
  const { message } = await collect(
    implementation.stream(model, { messages: [] }, { credential: "sk-differential" }),
  );
  return {
    failed: message.stopReason === "error",
    errorMessage: message.errorMessage,
    text: textOf(message),
    toolCalls: toolCallsOf(message).map((call) => ({
      id: call.id,
      name: call.name,
      arguments: call.arguments,
    })),
  };
}

async function sdkChat(bytes: Buffer): Promise<Seen> {
  server.enqueue({ kind: "raw", body: bytes });
  const stream = sdk.chat.completions.stream({ model: "test-model", messages: [] });
  try {
    const completion = await stream.finalChatCompletion();
    return chatSeen(completion.choices[0]?.message, false);
  } catch (error) {
    const snapshot = stream.currentChatCompletionSnapshot?.choices[0]?.message;
    return { ...chatSeen(snapshot, true), errorMessage: (error as Error).message };
  }
}

/** The SDK's accumulated message (final, or its snapshot when the stream failed). */
function chatSeen(message: unknown, failed: boolean): Seen {
  const m = (message ?? {}) as Partial<OpenAI.Chat.ChatCompletionMessage>;
  // The SDK keeps a refusal apart; Elyra streams it as the answer's text.
  const text = `${typeof m.content === "string" ? m.content : ""}${m.refusal ?? ""}`;
  const toolCalls = (m.tool_calls ?? []).flatMap((call) =>
    call.type === "function"
      ? [{ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments || "{}") }]
      : [],
  );
  return { failed, text, toolCalls };
}

async function sdkResponses(bytes: Buffer): Promise<Seen> {
  server.enqueue({ kind: "raw", body: bytes });
  const stream = sdk.responses.stream({ model: "test-model", input: "hi" });
  try {
    const response = await stream.finalResponse();
    const text = response.output
      .flatMap((item) => (item.type === "message" ? item.content : []))
      .map((part) => (part.type === "output_text" ? part.text : part.refusal))
      .join("");
    const toolCalls = response.output.flatMap((item) =>
      item.type === "function_call"
        ? [
            {
              id: `${item.call_id}|${item.id}`,
              name: item.name,
              arguments: JSON.parse(item.arguments || "{}"),
            },
          ]
        : [],
    );
    return { failed: false, text, toolCalls };
  } catch (error) {
    return { failed: true, errorMessage: (error as Error).message, text: "", toolCalls: [] };
  }
}

/** The SDK appends Mistral's typed content chunks to the text as "[object Object]"; drop what it mangled. */
const SDK_LIMITS: Record<string, (seen: Seen) => Seen> = {
  "mistral-magistral-medium-thinking-content-array.sse": (seen) => ({
    ...seen,
    text: seen.text.replaceAll("[object Object]", ""),
  }),
};

function compare(name: string, ours: Seen, theirs: Seen): void {
  const adjusted = SDK_LIMITS[name]?.(theirs) ?? theirs;
  expect(ours.failed).toBe(adjusted.failed);
  if (ours.failed) expect(ours.errorMessage).toContain(adjusted.errorMessage);
  expect(ours.text).toBe(adjusted.text);
  expect(ours.toolCalls).toEqual(adjusted.toolCalls);
}

describe("differential: openai SDK ChatCompletionStream", () => {
  for (const fixture of fixtureStreams("openai-completions")) {
    it(fixture.name, async () => {
      compare(fixture.name, await elyra("openai-completions", fixture.bytes), await sdkChat(fixture.bytes));
    });
  }
});

describe("differential: openai SDK ResponseStream", () => {
  for (const fixture of fixtureStreams("openai-responses")) {
    it(fixture.name, async () => {
      const ours = await elyra("openai-responses", fixture.bytes);
      compare(fixture.name, ours, await sdkResponses(fixture.bytes));
      for (const call of ours.toolCalls) expect(splitResponsesCallId(call.id).itemId).toBeDefined();
    });
  }
});
