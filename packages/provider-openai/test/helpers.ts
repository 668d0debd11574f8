import {
  type AssistantMessage,
  type AssistantStream,
  type Model,
  ProviderError,
  runStream,
  type StreamEvent,
} from "@elyra/provider-kit";
import { expect } from "vitest";
import { readCompletionsStream } from "../src/openai-completions.js";
import { readResponsesStream } from "../src/openai-responses.js";

export type WireApi = "openai-completions" | "openai-responses";

export function testModel(api: WireApi, overrides: Partial<Model> = {}): Model {
  return {
    provider: "test-provider",
    id: "test-model",
    name: "Test model",
    api,
    baseUrl: "http://127.0.0.1:1/v1",
    reasoning: false,
    input: ["text", "image"],
    contextWindow: 128_000,
    maxTokens: 16_384,
    cost: { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
    ...overrides,
  };
}

export interface Collected {
  events: StreamEvent[];
  message: AssistantMessage;
  terminal: Extract<StreamEvent, { type: "done" | "error" }>;
}

/** Every event of a stream, checking the contract on the way: one start, exactly one terminal event, last. */
export async function collect(stream: AssistantStream): Promise<Collected> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const terminals = events.filter((event) => event.type === "done" || event.type === "error");
  if (events[0]?.type !== "start") throw new Error(`first event is ${events[0]?.type}, not start`);
  if (terminals.length !== 1) throw new Error(`${terminals.length} terminal events`);
  const terminal = events[events.length - 1] as Collected["terminal"];
  if (terminal !== terminals[0]) throw new Error("the terminal event is not the last");
  if (terminal.type === "error" && !ProviderError.isInstance(terminal.error)) {
    throw new Error("error event without a ProviderError");
  }
  return { events, message: await stream.result(), terminal };
}

async function* iterate(chunks: Iterable<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const chunk of chunks) yield chunk;
}

/** Runs the real parser of a wire API over in-memory chunks, through runStream, without HTTP. */
export function parseChunks(api: WireApi, chunks: Iterable<Uint8Array | string>, model = testModel(api)) {
  const read = api === "openai-completions" ? readCompletionsStream : readResponsesStream;
  return collect(runStream(model, undefined, (builder) => read(iterate(chunks), builder, model.provider)));
}

/** Bytes cut at the given (sorted, deduplicated) offsets. */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const cuts = [...new Set(offsets)].filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const at of cuts) {
    out.push(bytes.subarray(start, at));
    start = at;
  }
  out.push(bytes.subarray(start));
  return out;
}

/** The message without what differs between two runs over the same bytes. */
export function comparable(message: AssistantMessage): Omit<AssistantMessage, "timestamp"> {
  const { timestamp: _timestamp, ...rest } = message;
  return rest;
}

export function textOf(message: AssistantMessage): string {
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

export function thinkingOf(message: AssistantMessage): string {
  return message.content.map((block) => (block.type === "thinking" ? block.thinking : "")).join("");
}

export function toolCallsOf(message: AssistantMessage) {
  return message.content.flatMap((block) => (block.type === "toolCall" ? [block] : []));
}

/** The deltas a UI sees add up to the final message: nothing is in the message that no event announced. */
export function expectEventsToRebuildMessage({ events, message }: Collected): void {
  const text = new Map<number, string>();
  const args = new Map<number, string>();
  for (const event of events) {
    if (event.type === "text_delta" || event.type === "thinking_delta") {
      text.set(event.contentIndex, (text.get(event.contentIndex) ?? "") + event.delta);
    }
    if (event.type === "toolcall_delta")
      args.set(event.contentIndex, (args.get(event.contentIndex) ?? "") + event.delta);
  }
  message.content.forEach((block, index) => {
    if (block.type === "text") expect(text.get(index) ?? "").toBe(block.text);
    if (block.type === "thinking") expect(text.get(index) ?? "").toBe(block.thinking);
    if (block.type === "toolCall" && Object.keys(block.arguments).length > 0) {
      expect(JSON.parse(args.get(index) ?? "{}")).toEqual(block.arguments);
    }
  });
  const starts = events.filter((event) => event.type === "toolcall_start").length;
  expect(starts).toBe(toolCallsOf(message).length);
  if (message.stopReason !== "error" && message.stopReason !== "aborted") {
    const ends = events.filter((event) => event.type === "toolcall_end").length;
    expect(ends).toBe(starts);
  }
}

/** Normalised token counts, and their price from the test model's cost table. */
export function expectUsage(
  message: AssistantMessage,
  counts: { input: number; output: number; cacheRead: number },
) {
  const { cost } = testModel("openai-completions");
  const total =
    (counts.input * cost.input + counts.output * cost.output + counts.cacheRead * cost.cacheRead) / 1e6;
  const totalTokens = counts.input + counts.output + counts.cacheRead;
  expect(message.usage).toMatchObject({ ...counts, cacheWrite: 0, totalTokens });
  expect(message.usage.cost.total).toBeCloseTo(total, 12);
}
