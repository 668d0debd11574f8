import type {
  AssistantMessage,
  AssistantStream,
  MessageBuilder,
  Model,
  StreamEvent,
} from "@elyra/provider-kit";
import { runStream } from "@elyra/provider-kit";
import { readGeminiStream } from "../src/gemini-stream.js";

export const API_KEY = "AIzaSyTEST-secret-key-0123456789abcdef";

/** A model on the mock server; its prices make the cost arithmetic easy to check. */
export function testModel(baseUrl: string, overrides: Partial<Model> = {}): Model {
  return {
    provider: "google",
    id: "gemini-test",
    name: "Gemini test",
    api: "google-generative-ai",
    baseUrl,
    reasoning: true,
    input: ["text", "image"],
    contextWindow: 1_048_576,
    maxTokens: 65_536,
    cost: { input: 1, output: 10, cacheRead: 0.25, cacheWrite: 0 },
    ...overrides,
  };
}

export interface Collected {
  events: StreamEvent[];
  message: AssistantMessage;
}

/** Every event of a stream, and its final message (checked to be the terminal event's). */
export async function collect(stream: AssistantStream): Promise<Collected> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const message = await stream.result();
  return { events, message };
}

/** The terminal events of a finished stream: a well-behaved stream has exactly one, and it is last. */
export function terminals(events: StreamEvent[]): StreamEvent[] {
  return events.filter((event) => event.type === "done" || event.type === "error");
}

/** Parse bytes in-process through the same parser the API uses after its HTTP request. */
export function parseChunks(
  chunks: Uint8Array[],
  model: Model = testModel("http://unused"),
): AssistantStream {
  return runStream(model, undefined, (builder: MessageBuilder) =>
    readGeminiStream(fromChunks(chunks), builder, model.provider),
  );
}

async function* fromChunks(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

/** Split bytes at the given offsets (any order, duplicates allowed). */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => Math.max(0, Math.min(bytes.length, o))))].sort(
    (a, b) => a - b,
  );
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    if (point > start) out.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

/** The parts of a message that depend on the stream (no timestamp; Elyra-made tool-call ids replaced). */
export function comparable(message: AssistantMessage): unknown {
  const content = message.content.map((block) =>
    block.type === "toolCall" && block.id.startsWith("call_") ? { ...block, id: "<generated>" } : block,
  );
  return { ...message, content, timestamp: 0 };
}
