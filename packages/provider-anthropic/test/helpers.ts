import type { AssistantMessage, AssistantStream, Model, StreamEvent } from "@elyra/provider-kit";
import { runStream } from "@elyra/provider-kit";
import { MessagesStreamParser, readMessagesStream } from "../src/messages-stream.js";

export function testModel(baseUrl: string, overrides: Partial<Model> = {}): Model {
  return {
    provider: "anthropic",
    id: "claude-sonnet-4-5",
    name: "Claude Sonnet 4.5",
    api: "anthropic-messages",
    baseUrl,
    reasoning: true,
    input: ["text", "image"],
    contextWindow: 200_000,
    maxTokens: 64_000,
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    ...overrides,
  };
}

export interface Collected {
  events: StreamEvent[];
  message: AssistantMessage;
  terminal: Extract<StreamEvent, { type: "done" | "error" }>;
}

/** Drain a stream, checking the contract: `start` first, exactly one terminal event, and it comes last. */
export async function collect(stream: AssistantStream): Promise<Collected> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const terminals = events.filter((e) => e.type === "done" || e.type === "error");
  if (events[0]?.type !== "start") throw new Error(`first event is ${events[0]?.type}`);
  if (terminals.length !== 1 || events[events.length - 1] !== terminals[0]) {
    throw new Error(`expected one terminal event at the end, got ${terminals.length}`);
  }
  const terminal = terminals[0] as Collected["terminal"];
  const message = await stream.result();
  if (message !== terminal.message) throw new Error("result() differs from the terminal event's message");
  return { events, message, terminal };
}

/** The parser without HTTP: bytes in, the same AssistantStream the ApiImplementation returns. */
export function parseChunks(
  chunks: Iterable<Uint8Array | string>,
  model = testModel("http://unused"),
): AssistantStream {
  return runStream(model, undefined, async (builder, signal) => {
    const parser = new MessagesStreamParser(builder, model.provider);
    await readMessagesStream(toAsync(chunks), parser, signal);
  });
}

async function* toAsync(chunks: Iterable<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const chunk of chunks) yield chunk;
}

/** The message as plain data, for deep equality between two runs. */
export function snapshot(message: AssistantMessage): unknown {
  const { timestamp: _timestamp, ...rest } = message;
  return JSON.parse(JSON.stringify(rest));
}
