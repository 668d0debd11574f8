import { type MessageBuilder, ProviderError, type SseEvent } from "@elyra/provider-kit";
import { responsesUsage } from "./responses-usage.js";
import {
  DONE,
  isRecord,
  type Payload,
  readEventData,
  streamError,
  truncatedError,
} from "./stream-payload.js";
import { joinResponsesCallId } from "./tool-call-ids.js";

/** What one output item of the response became in the message being built. */
type Slot =
  // Text starts lazily, so a message item that says nothing leaves no empty block.
  | { kind: "text"; at: number | undefined; itemId: string | undefined }
  // `part` is the summary (>= 0) or reasoning-text (< 0) part last appended, to separate parts.
  | { kind: "thinking"; at: number; part: number | undefined }
  | { kind: "tool"; at: number; sawDelta: boolean; ended: boolean }
  // Built-in tool calls (web search, …) and item types added later: their events are skipped.
  | { kind: "other" };

const PART_SEPARATOR = "\n\n";

/**
 * Reads an OpenAI Responses event stream into a MessageBuilder. Events are dispatched on the payload's
 * `type`, never the SSE event name, since Responses-compatible servers (OpenRouter) send no `event:` lines.
 * Deltas are routed to their output item by `item_id`, or `output_index` when a server omits it, because
 * items overlap: a reasoning item can still be open while the message after it streams.
 */
export class ResponsesParser {
  private readonly byItemId = new Map<string, Slot>();
  private readonly byOutputIndex: Slot[] = [];
  private finished = false;
  private sawDone = false;

  constructor(
    private readonly builder: MessageBuilder,
    private readonly provider: string,
    private readonly secrets: string[] = [],
  ) {}

  /** True after `response.completed` / `response.incomplete`, or a `[DONE]`: nothing after matters. */
  get complete(): boolean {
    return this.finished || this.sawDone;
  }

  event(event: SseEvent): void {
    const payload = readEventData(event.event, event.data, this.provider, this.secrets);
    if (payload === DONE) this.sawDone = true;
    if (payload === DONE || payload === undefined) return;
    const type = typeof payload.type === "string" ? payload.type : event.event;
    this.dispatch(type, payload);
  }

  /** The body ended: throws unless the response said it was done. */
  finish(): void {
    if (!this.finished) throw truncatedError(this.provider);
  }

  private dispatch(type: string, payload: Payload): void {
    switch (type) {
      case "response.output_text.delta":
      case "response.refusal.delta":
        this.textDelta(payload);
        return;
      case "response.reasoning_summary_text.delta":
        this.thinkingDelta(payload, numberField(payload.summary_index));
        return;
      case "response.reasoning_text.delta":
        this.thinkingDelta(payload, -1 - numberField(payload.content_index));
        return;
      case "response.function_call_arguments.delta":
        this.argumentsDelta(payload);
        return;
      case "response.function_call_arguments.done":
        this.argumentsDone(payload);
        return;
      case "response.output_item.added":
        this.itemAdded(payload);
        return;
      case "response.output_item.done":
        this.itemDone(payload);
        return;
      case "response.created":
      case "response.in_progress":
        this.responseStarted(payload);
        return;
      case "response.completed":
        this.completed(payload);
        return;
      case "response.incomplete":
        this.incomplete(payload);
        return;
      case "response.failed":
        this.failed(payload);
        return;
      case "error":
        throw streamError(this.provider, payload, this.secrets);
      default:
        // Lifecycle and progress events (content_part.*, *.done, web_search_call.*), and types added later.
        return;
    }
  }

  private responseStarted(payload: Payload): void {
    const response = payload.response;
    if (isRecord(response) && typeof response.id === "string") this.builder.message.responseId = response.id;
  }

  private itemAdded(payload: Payload): void {
    const item = payload.item;
    if (!isRecord(item)) return;
    this.register(payload, stringField(item.id), this.slotForNewItem(item));
  }

  private slotForNewItem(item: Payload): Slot {
    switch (item.type) {
      case "message":
        return { kind: "text", at: undefined, itemId: stringField(item.id) };
      case "reasoning":
        return { kind: "thinking", at: this.builder.beginThinking(), part: undefined };
      case "function_call":
        return this.openToolCall(item);
      default:
        return { kind: "other" };
    }
  }

  private openToolCall(item: Payload): Slot {
    const itemId = stringField(item.id);
    const callId = stringField(item.call_id) ?? itemId ?? `call_${this.builder.message.content.length}`;
    const at = this.builder.beginToolCall(joinResponsesCallId(callId, itemId), stringField(item.name) ?? "");
    const slot: Slot = { kind: "tool", at, sawDelta: false, ended: false };
    if (typeof item.arguments === "string" && item.arguments.length > 0) {
      this.builder.appendToolArguments(at, item.arguments);
      slot.sawDelta = true;
    }
    return slot;
  }

  private textDelta(payload: Payload): void {
    const delta = payload.delta;
    if (typeof delta !== "string" || delta.length === 0) return;
    let slot = this.find(payload);
    if (!slot) {
      slot = { kind: "text", at: undefined, itemId: stringField(payload.item_id) };
      this.register(payload, slot.itemId, slot);
    }
    if (slot.kind !== "text") return;
    slot.at ??= this.builder.beginText(slot.itemId);
    this.builder.appendText(slot.at, delta);
  }

  private thinkingDelta(payload: Payload, part: number): void {
    const delta = payload.delta;
    if (typeof delta !== "string" || delta.length === 0) return;
    const slot = this.thinkingSlot(payload);
    if (!slot) return;
    if (slot.part !== undefined && slot.part !== part) this.builder.appendThinking(slot.at, PART_SEPARATOR);
    slot.part = part;
    this.builder.appendThinking(slot.at, delta);
  }

  private thinkingSlot(payload: Payload): Extract<Slot, { kind: "thinking" }> | undefined {
    let slot = this.find(payload);
    if (!slot) {
      slot = { kind: "thinking", at: this.builder.beginThinking(), part: undefined };
      this.register(payload, stringField(payload.item_id), slot);
    }
    return slot.kind === "thinking" ? slot : undefined;
  }

  private argumentsDelta(payload: Payload): void {
    const slot = this.find(payload);
    if (slot?.kind !== "tool" || slot.ended || typeof payload.delta !== "string") return;
    slot.sawDelta = true;
    this.builder.appendToolArguments(slot.at, payload.delta);
  }

  private argumentsDone(payload: Payload): void {
    const slot = this.find(payload);
    if (slot?.kind === "tool") this.endToolCall(slot, payload.arguments);
  }

  private endToolCall(slot: Extract<Slot, { kind: "tool" }>, fullArguments: unknown): void {
    if (slot.ended) return;
    // A server that sends the arguments only whole, at the end, still gets them parsed.
    if (!slot.sawDelta && typeof fullArguments === "string")
      this.builder.appendToolArguments(slot.at, fullArguments);
    slot.ended = true;
    this.builder.endToolCall(slot.at);
  }

  private itemDone(payload: Payload): void {
    const item = payload.item;
    if (!isRecord(item)) return;
    const itemId = stringField(item.id);
    let slot = (itemId === undefined ? undefined : this.byItemId.get(itemId)) ?? this.find(payload);
    if (!slot) {
      slot = this.slotForNewItem(item);
      this.register(payload, itemId, slot);
    }
    if (slot.kind === "thinking") this.reasoningDone(slot, item);
    else if (slot.kind === "text") this.messageDone(slot, item);
    else if (slot.kind === "tool") this.endToolCall(slot, item.arguments);
  }

  /**
   * The finished reasoning item, whole, is the thinking block's signature: sent back as an input item it
   * lets the same model continue its reasoning (with `encrypted_content` when store is false). An item
   * with no summary still leaves its (empty) thinking block, so it can be replayed.
   */
  private reasoningDone(slot: Extract<Slot, { kind: "thinking" }>, item: Payload): void {
    const block = this.builder.message.content[slot.at];
    if (block?.type === "thinking" && block.thinking.length === 0) {
      const text = itemTexts(item.summary, "summary_text") || itemTexts(item.content, "reasoning_text");
      if (text.length > 0) this.builder.appendThinking(slot.at, text);
    }
    this.builder.setSignature(slot.at, JSON.stringify(item));
  }

  /** A message whose text came only in the finished item (no deltas) still has that text. */
  private messageDone(slot: Extract<Slot, { kind: "text" }>, item: Payload): void {
    if (slot.at !== undefined) return;
    const text = itemTexts(item.content, "output_text") || itemTexts(item.content, "refusal");
    if (text.length === 0) return;
    slot.at = this.builder.beginText(slot.itemId);
    this.builder.appendText(slot.at, text);
  }

  private completed(payload: Payload): void {
    this.usage(payload);
    this.finished = true;
    this.builder.message.stopReason = this.builder.hasToolCalls() ? "toolUse" : "stop";
  }

  private incomplete(payload: Payload): void {
    this.usage(payload);
    const response = isRecord(payload.response) ? payload.response : {};
    const details = isRecord(response.incomplete_details) ? response.incomplete_details : {};
    if (details.reason === "content_filter") {
      throw new ProviderError({
        provider: this.provider,
        kind: "invalid_request",
        code: "content_filter",
        retryable: false,
        message: `${this.provider}: the response was stopped by the provider's content filter`,
      });
    }
    this.finished = true;
    this.builder.message.stopReason = "length";
  }

  private failed(payload: Payload): void {
    this.usage(payload);
    const response = isRecord(payload.response) ? payload.response : {};
    const error = isRecord(response.error) ? response.error : { message: "the response failed" };
    throw streamError(this.provider, { error }, this.secrets);
  }

  private usage(payload: Payload): void {
    const response = payload.response;
    if (isRecord(response) && isRecord(response.usage)) this.builder.setUsage(responsesUsage(response.usage));
  }

  private find(payload: Payload): Slot | undefined {
    const itemId = payload.item_id;
    if (typeof itemId === "string") {
      const slot = this.byItemId.get(itemId);
      if (slot) return slot;
    }
    const index = payload.output_index;
    return typeof index === "number" ? this.byOutputIndex[index] : undefined;
  }

  private register(payload: Payload, itemId: string | undefined, slot: Slot): void {
    if (itemId !== undefined) this.byItemId.set(itemId, slot);
    const index = payload.output_index;
    if (typeof index === "number" && Number.isInteger(index) && index >= 0 && index < 1e6) {
      this.byOutputIndex[index] = slot;
    }
  }
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function numberField(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** The texts of an item's parts of one type (`summary_text`, `output_text`, …), joined as separate parts. */
function itemTexts(parts: unknown, type: string): string {
  if (!Array.isArray(parts)) return "";
  const texts: string[] = [];
  for (const part of parts) {
    if (!isRecord(part) || part.type !== type) continue;
    const text = type === "refusal" ? part.refusal : part.text;
    if (typeof text === "string" && text.length > 0) texts.push(text);
  }
  return texts.join(PART_SEPARATOR);
}
