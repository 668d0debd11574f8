import { type MessageBuilder, ProviderError, SseDecoder, type TokenCounts } from "@elyra/provider-kit";
import { streamErrorFromPayload } from "./stream-error.js";

/**
 * How Anthropic's `stop_reason` maps onto Elyra's. `pause_turn` (a server tool paused a long turn) ends the
 * turn as "stop": Elyra sends no server tools, and the content needed to resume is not kept. `refusal` is
 * not here: it ends the stream as an error (see `finish`).
 */
const STOP_REASONS = new Map<string, "stop" | "length" | "toolUse">([
  ["end_turn", "stop"],
  ["stop_sequence", "stop"],
  ["pause_turn", "stop"],
  ["max_tokens", "length"],
  ["model_context_window_exceeded", "length"],
  ["tool_use", "toolUse"],
]);

/** What an Anthropic content block index became in the message being built. */
type BlockState =
  // Text blocks start lazily: a block that only ever carries citations is not text.
  | { kind: "text"; at: number }
  | { kind: "thinking"; at: number }
  | { kind: "tool"; at: number; input: unknown; sawJson: boolean };

type Payload = Record<string, unknown>;

/**
 * Reads one Anthropic Messages event stream into a MessageBuilder. Events are dispatched on the payload's
 * `type` (the SSE `event:` name is the same word); blocks Elyra has no place for (server tools, search
 * results, compaction, anything new) are skipped by index, so their deltas are never mistaken for text.
 */
export class MessagesStreamParser {
  private readonly blocks: (BlockState | undefined)[] = [];
  private readonly counts: TokenCounts = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  private stopReason: string | undefined;
  private stopped = false;

  constructor(
    private readonly builder: MessageBuilder,
    private readonly provider: string,
    private readonly headers?: Record<string, string>,
  ) {}

  /** True once `message_stop` arrived: nothing after it matters. */
  get complete(): boolean {
    return this.stopped;
  }

  /** One SSE event. Throws a ProviderError for an `error` event or a payload that is not JSON. */
  event(name: string, data: string): void {
    if (this.stopped || name === "ping") return;
    const payload = parsePayload(data, this.provider);
    if (payload === undefined) return;
    const type = typeof payload.type === "string" ? payload.type : name;
    switch (type) {
      case "content_block_delta":
        this.blockDelta(payload);
        return;
      case "content_block_start":
        this.blockStart(payload);
        return;
      case "content_block_stop":
        this.blockStop(payload);
        return;
      case "message_start":
        this.messageStart(payload);
        return;
      case "message_delta":
        this.messageDelta(payload);
        return;
      case "message_stop":
        this.stopped = true;
        return;
      case "error":
        throw streamErrorFromPayload(this.provider, payload, this.headers);
      default:
        // ping, and event types added after this was written.
        return;
    }
  }

  /** The body ended: settle the stop reason, or throw if the stream was cut before `message_stop`. */
  finish(): void {
    if (!this.stopped) {
      throw new ProviderError({
        provider: this.provider,
        kind: "network",
        message: `${this.provider}: the response stream ended before message_stop`,
        retryable: true,
      });
    }
    if (this.stopReason === "refusal") {
      throw new ProviderError({
        provider: this.provider,
        kind: "invalid_request",
        code: "refusal",
        message: `${this.provider}: the model declined to continue this response (stop_reason "refusal")`,
        retryable: false,
      });
    }
    // A stop reason newer than this table: go by what the message holds.
    const mapped = this.stopReason === undefined ? undefined : STOP_REASONS.get(this.stopReason);
    this.builder.message.stopReason = mapped ?? (this.builder.hasToolCalls() ? "toolUse" : "stop");
  }

  private messageStart(payload: Payload): void {
    const message = asObject(payload.message);
    if (!message) return;
    if (typeof message.id === "string") this.builder.message.responseId = message.id;
    this.updateUsage(asObject(message.usage));
  }

  private messageDelta(payload: Payload): void {
    const reason = asObject(payload.delta)?.stop_reason;
    if (typeof reason === "string") this.stopReason = reason;
    this.updateUsage(asObject(payload.usage));
  }

  private blockStart(payload: Payload): void {
    const index = payload.index;
    const block = asObject(payload.content_block);
    if (!isIndex(index) || !block) return;
    this.blocks[index] = this.openBlock(block);
  }

  private openBlock(block: Payload): BlockState | undefined {
    const builder = this.builder;
    switch (block.type) {
      case "text": {
        const state: BlockState = { kind: "text", at: -1 };
        if (typeof block.text === "string") this.appendText(state, block.text);
        return state;
      }
      case "thinking": {
        const signature =
          typeof block.signature === "string" && block.signature ? block.signature : undefined;
        const at = builder.beginThinking({ signature });
        if (typeof block.thinking === "string") builder.appendThinking(at, block.thinking);
        return { kind: "thinking", at };
      }
      case "redacted_thinking": {
        const data = typeof block.data === "string" ? block.data : "";
        return { kind: "thinking", at: builder.beginThinking({ signature: data, redacted: true }) };
      }
      case "tool_use": {
        const id = typeof block.id === "string" ? block.id : "";
        const name = typeof block.name === "string" ? block.name : "";
        return { kind: "tool", at: builder.beginToolCall(id, name), input: block.input, sawJson: false };
      }
      default:
        return undefined;
    }
  }

  private blockDelta(payload: Payload): void {
    const index = payload.index;
    const state = isIndex(index) ? this.blocks[index] : undefined;
    const delta = asObject(payload.delta);
    if (!state || !delta) return;
    switch (delta.type) {
      case "text_delta":
        if (state.kind === "text" && typeof delta.text === "string") this.appendText(state, delta.text);
        return;
      case "thinking_delta":
        if (state.kind === "thinking" && typeof delta.thinking === "string") {
          this.builder.appendThinking(state.at, delta.thinking);
        }
        return;
      case "signature_delta":
        if (state.kind === "thinking" && typeof delta.signature === "string") {
          this.builder.setSignature(state.at, delta.signature, "append");
        }
        return;
      case "input_json_delta":
        if (state.kind === "tool" && typeof delta.partial_json === "string" && delta.partial_json) {
          state.sawJson = true;
          this.builder.appendToolArguments(state.at, delta.partial_json);
        }
        return;
      default:
        // citations_delta and others: metadata about the text, not text.
        return;
    }
  }

  private blockStop(payload: Payload): void {
    const index = payload.index;
    if (!isIndex(index)) return;
    const state = this.blocks[index];
    this.blocks[index] = undefined;
    if (state?.kind !== "tool") return;
    // Input arrives as input_json_delta; a proxy that sends it whole in content_block_start is taken as is.
    const whole = state.sawJson ? undefined : (asObject(state.input) ?? {});
    this.builder.endToolCall(state.at, whole);
  }

  private appendText(state: { at: number }, text: string): void {
    if (text.length === 0) return;
    if (state.at < 0) state.at = this.builder.beginText();
    this.builder.appendText(state.at, text);
  }

  /**
   * Counts in `message_start` and `message_delta` are running totals for the whole message (output_tokens
   * grows), so the latest value present wins. When the server ran more than one sampling pass (compaction),
   * the top-level counts cover the last pass only and `iterations` lists each: their sum is what is billed.
   */
  private updateUsage(usage: Payload | undefined): void {
    if (!usage) return;
    const counts = this.counts;
    const iterations = Array.isArray(usage.iterations) ? usage.iterations : undefined;
    if (iterations && iterations.length > 0) {
      counts.input = counts.output = counts.cacheRead = counts.cacheWrite = 0;
      for (const item of iterations) addUsage(counts, asObject(item));
    } else {
      counts.input = numberOr(usage.input_tokens, counts.input);
      counts.output = numberOr(usage.output_tokens, counts.output);
      counts.cacheRead = numberOr(usage.cache_read_input_tokens, counts.cacheRead);
      counts.cacheWrite = numberOr(usage.cache_creation_input_tokens, counts.cacheWrite);
    }
    this.builder.setUsage(counts);
  }
}

/**
 * Feed a response body through the SSE decoder and the parser. Bytes after `message_stop` are read but not
 * decoded: draining the body lets the connection be reused for the next turn.
 */
export async function readMessagesStream(
  body: AsyncIterable<Uint8Array | string>,
  parser: MessagesStreamParser,
  signal?: AbortSignal,
): Promise<void> {
  const decoder = new SseDecoder((event) => parser.event(event.event, event.data));
  for await (const chunk of body) {
    if (signal?.aborted) break;
    if (!parser.complete) decoder.push(chunk);
  }
  if (!parser.complete) decoder.end();
  parser.finish();
}

function parsePayload(data: string, provider: string): Payload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    throw new ProviderError({
      provider,
      kind: "protocol",
      message: `${provider}: the response stream held an event that is not JSON`,
      retryable: false,
      cause,
    });
  }
  return asObject(value);
}

function addUsage(counts: TokenCounts, usage: Payload | undefined): void {
  if (!usage) return;
  counts.input += numberOr(usage.input_tokens, 0);
  counts.output += numberOr(usage.output_tokens, 0);
  counts.cacheRead += numberOr(usage.cache_read_input_tokens, 0);
  counts.cacheWrite += numberOr(usage.cache_creation_input_tokens, 0);
}

function asObject(value: unknown): Payload | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Payload)
    : undefined;
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
}
