import { type MessageBuilder, ProviderError, type SseEvent } from "@elyra/provider-kit";
import { completionsUsage } from "./completions-usage.js";
import { ReasoningDetails } from "./reasoning-details.js";
import {
  DONE,
  isRecord,
  type Payload,
  readEventData,
  streamError,
  truncatedError,
} from "./stream-payload.js";

/** One streamed tool call, addressed by its `index`. It opens once its name is known. */
interface ToolCallSlot {
  id: string;
  name: string;
  /** Content index once open. */
  at: number | undefined;
  /** Arguments that arrived before the name. */
  early: string;
  ended: boolean;
}

/** The slot of a legacy `function_call` delta (one call per response, no id, no index). */
const LEGACY_CALL = -1_000_000;

/**
 * Reads a chat-completions stream (`chat.completion.chunk` objects) into a MessageBuilder. Only choice 0 is
 * read: with `n > 1` the other choices interleave and are not this message. The stream is complete at
 * `[DONE]`; a stream without one is complete if it gave a finish_reason before the body ended.
 */
export class CompletionsParser {
  private readonly calls = new Map<number, ToolCallSlot>();
  private readonly details = new ReasoningDetails();
  private usage: Payload | undefined;
  private finishReason: string | undefined;
  private sawDone = false;
  private sawChunk = false;
  private settled = false;

  constructor(
    private readonly builder: MessageBuilder,
    private readonly provider: string,
    private readonly secrets: string[] = [],
  ) {}

  get complete(): boolean {
    return this.sawDone;
  }

  event(event: SseEvent): void {
    const payload = readEventData(event.event, event.data, this.provider, this.secrets);
    if (payload === DONE) this.sawDone = true;
    else if (payload !== undefined) this.chunk(payload, event.event);
  }

  /** The body ended: throws if the response was cut short or ended in a way that is an error. */
  finish(): void {
    if (this.finishReason === undefined && !this.sawDone) throw truncatedError(this.provider);
    this.builder.message.stopReason = this.stopReason();
  }

  /** Usage and replay data for whatever arrived. Runs after a failure too, so an error keeps them. */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.usage) this.builder.setUsage(completionsUsage(this.usage));
    this.openPendingCalls();
    this.attachReasoningDetails();
  }

  private chunk(chunk: Payload, eventName: string): void {
    if (!this.sawChunk) {
      this.sawChunk = true;
      if (typeof chunk.id === "string") this.builder.message.responseId = chunk.id;
    }
    // Usage first: an error chunk (OpenRouter) carries the usage of what was generated before it.
    const usage = isRecord(chunk.usage) ? chunk.usage : groqUsage(chunk);
    if (usage) this.usage = usage;
    // OpenRouter sends `error` beside choices; Groq names the event `error`.
    if ((chunk.error !== undefined && chunk.error !== null) || eventName === "error") {
      throw streamError(this.provider, chunk, this.secrets);
    }
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      if (isRecord(choice) && (choice.index ?? 0) === 0) this.choice(choice);
    }
  }

  private choice(choice: Payload): void {
    const delta = choice.delta;
    if (isRecord(delta)) this.delta(delta);
    // Moonshot puts the final usage inside the choice.
    if (isRecord(choice.usage)) this.usage = choice.usage;
    const reason = choice.finish_reason;
    if (typeof reason === "string" && reason.length > 0) {
      this.finishReason = reason;
      this.endCalls();
    }
  }

  private delta(delta: Payload): void {
    this.reasoning(delta);
    const content = delta.content;
    if (typeof content === "string") this.builder.text(content);
    else if (Array.isArray(content)) this.contentParts(content);
    if (typeof delta.refusal === "string") this.builder.text(delta.refusal);
    if (Array.isArray(delta.tool_calls)) this.toolCalls(delta.tool_calls);
    else if (isRecord(delta.function_call))
      this.toolCall({ index: LEGACY_CALL, function: delta.function_call }, 0);
  }

  /**
   * Reasoning text, by vendor: `reasoning_content` (DeepSeek, xAI, Qwen), `reasoning` (OpenRouter, Groq,
   * vLLM), `reasoning_text` (some llama.cpp builds); the first non-empty one counts, since OpenRouter sends
   * the same text again inside `reasoning_details`.
   */
  private reasoning(delta: Payload): void {
    let text =
      nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning) ?? nonEmpty(delta.reasoning_text) ?? "";
    const details = delta.reasoning_details;
    if (Array.isArray(details) && details.length > 0) {
      const detailText = this.details.add(details);
      if (text.length === 0) text = detailText;
    }
    if (text.length > 0) this.builder.thinking(text);
  }

  /** Mistral's typed content chunks: `{type:"text",text}` and `{type:"thinking",thinking:[{type:"text",text}]}`. */
  private contentParts(parts: unknown[]): void {
    for (const part of parts) {
      if (!isRecord(part)) continue;
      if (part.type === "text" && typeof part.text === "string") this.builder.text(part.text);
      else if (part.type === "thinking") this.thinkingPart(part.thinking);
    }
  }

  private thinkingPart(thinking: unknown): void {
    if (typeof thinking === "string") {
      if (thinking.length > 0) this.builder.thinking(thinking);
      return;
    }
    if (!Array.isArray(thinking)) return;
    for (const piece of thinking) {
      if (isRecord(piece) && typeof piece.text === "string" && piece.text.length > 0) {
        this.builder.thinking(piece.text);
      }
    }
  }

  private toolCalls(deltas: unknown[]): void {
    for (let i = 0; i < deltas.length; i++) {
      const delta = deltas[i];
      if (isRecord(delta)) this.toolCall(delta, i);
    }
  }

  private toolCall(delta: Payload, position: number): void {
    const slot = this.slotFor(delta, position);
    if (slot.ended) return;
    if (typeof delta.id === "string" && delta.id.length > 0 && slot.id !== delta.id) {
      slot.id = delta.id;
      if (slot.at !== undefined) (this.builder.message.content[slot.at] as { id: string }).id = delta.id;
    }
    const fn = isRecord(delta.function) ? delta.function : undefined;
    if (typeof fn?.name === "string" && fn.name.length > 0 && slot.name.length === 0) slot.name = fn.name;
    const args = typeof fn?.arguments === "string" ? fn.arguments : "";
    if (slot.at === undefined && slot.name.length > 0) this.open(slot);
    if (args.length === 0) return;
    if (slot.at === undefined) slot.early += args;
    else this.builder.appendToolArguments(slot.at, args);
  }

  /**
   * The slot a tool-call delta belongs to: by `index` as the protocol says; a server that omits it is
   * matched by `id`, and a delta with neither continues the last call.
   */
  private slotFor(delta: Payload, position: number): ToolCallSlot {
    let key: number;
    if (typeof delta.index === "number") key = delta.index;
    else key = this.keyWithoutIndex(delta, position);
    let slot = this.calls.get(key);
    if (!slot) {
      slot = { id: "", name: "", at: undefined, early: "", ended: false };
      this.calls.set(key, slot);
    }
    return slot;
  }

  private keyWithoutIndex(delta: Payload, position: number): number {
    const id = delta.id;
    if (typeof id === "string" && id.length > 0) {
      for (const [key, slot] of this.calls) if (slot.id === id) return key;
      return -1 - this.calls.size;
    }
    let last: number | undefined;
    for (const key of this.calls.keys()) last = key;
    return last ?? -1 - position;
  }

  private open(slot: ToolCallSlot): void {
    // A server that never names the call still needs an id its result can refer to.
    if (slot.id.length === 0)
      slot.id = `call_${Date.now().toString(36)}_${this.builder.message.content.length}`;
    slot.at = this.builder.beginToolCall(slot.id, slot.name);
    if (slot.early.length > 0) this.builder.appendToolArguments(slot.at, slot.early);
    slot.early = "";
  }

  private endCalls(): void {
    for (const slot of this.calls.values()) {
      if (slot.at !== undefined && !slot.ended) this.builder.endToolCall(slot.at);
      slot.ended = true;
    }
  }

  /** A call whose name never came is still a call the model made; the agent reports the unknown tool. */
  private openPendingCalls(): void {
    for (const slot of this.calls.values()) {
      if (slot.at === undefined && (slot.early.length > 0 || slot.id.length > 0)) this.open(slot);
    }
  }

  private attachReasoningDetails(): void {
    if (this.details.isEmpty) return;
    const content = this.builder.message.content;
    let at = content.findIndex((block) => block.type === "thinking");
    if (at === -1) at = this.builder.beginThinking({ redacted: this.details.onlyEncrypted });
    this.builder.setSignature(at, JSON.stringify(this.details));
  }

  private stopReason(): "stop" | "length" | "toolUse" {
    switch (this.finishReason) {
      case "length":
        return "length";
      case "content_filter":
        throw new ProviderError({
          provider: this.provider,
          kind: "invalid_request",
          code: "content_filter",
          retryable: false,
          message: `${this.provider}: the response was stopped by the provider's content filter`,
        });
      case "error":
        // Some servers (vLLM, OpenRouter upstreams) end a failed generation this way, with no error object.
        throw new ProviderError({
          provider: this.provider,
          kind: "server",
          retryable: true,
          message: `${this.provider}: the provider ended the response with finish_reason "error"`,
        });
      default:
        // "stop", "tool_calls", "function_call", and servers that say "stop" after tool calls.
        return this.builder.hasToolCalls() ? "toolUse" : "stop";
    }
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Groq puts usage in `x_groq.usage` (and, lately, also in `usage`). */
function groqUsage(chunk: Payload): Payload | undefined {
  const groq = chunk.x_groq;
  return isRecord(groq) && isRecord(groq.usage) ? groq.usage : undefined;
}
