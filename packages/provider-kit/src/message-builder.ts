import type { StreamEvent } from "./events.js";
import type { AssistantMessage, TextContent, ThinkingContent, ToolCall } from "./messages.js";
import type { Model } from "./model.js";
import { emptyUsage, priceUsage, type TokenCounts } from "./usage.js";

/**
 * Builds the assistant message a wire API streams, and emits the matching events. Parsers say what arrived
 * ("a text delta for block 2"); the builder owns the content array, tool-call argument buffers and usage,
 * so every API assembles messages the same way.
 */
export class MessageBuilder {
  readonly message: AssistantMessage;
  private readonly argBuffers = new Map<number, string>();

  constructor(
    private readonly model: Model,
    private readonly emit: (event: StreamEvent) => void,
  ) {
    this.message = {
      role: "assistant",
      content: [],
      api: model.api,
      provider: model.provider,
      model: model.id,
      usage: emptyUsage(),
      stopReason: "stop",
      timestamp: Date.now(),
    };
  }

  /** Start a new text block and return its index. */
  beginText(signature?: string): number {
    const block: TextContent = { type: "text", text: "" };
    if (signature !== undefined) block.signature = signature;
    return this.message.content.push(block) - 1;
  }

  appendText(index: number, delta: string): void {
    if (delta.length === 0) return;
    const block = this.block(index, "text");
    block.text += delta;
    this.emit({ type: "text_delta", contentIndex: index, delta, partial: this.message });
  }

  /** Append to the last block if it is text, else start one: for APIs without explicit blocks. */
  text(delta: string): void {
    if (delta.length === 0) return;
    const last = this.message.content.length - 1;
    const index = this.message.content[last]?.type === "text" ? last : this.beginText();
    this.appendText(index, delta);
  }

  beginThinking(options: { signature?: string; redacted?: boolean } = {}): number {
    const block: ThinkingContent = { type: "thinking", thinking: "" };
    if (options.signature !== undefined) block.signature = options.signature;
    if (options.redacted) block.redacted = true;
    return this.message.content.push(block) - 1;
  }

  appendThinking(index: number, delta: string): void {
    if (delta.length === 0) return;
    const block = this.block(index, "thinking");
    block.thinking += delta;
    this.emit({ type: "thinking_delta", contentIndex: index, delta, partial: this.message });
  }

  /** Append to the last block if it is thinking, else start one. Returns the block's index. */
  thinking(delta: string): number {
    const last = this.message.content.length - 1;
    const index = this.message.content[last]?.type === "thinking" ? last : this.beginThinking();
    this.appendThinking(index, delta);
    return index;
  }

  /** Set or extend the opaque replay data of a text, thinking or tool-call block. */
  setSignature(index: number, signature: string, mode: "replace" | "append" = "replace"): void {
    const block = this.message.content[index];
    if (!block) throw new Error(`no content block ${index}`);
    block.signature = mode === "append" ? (block.signature ?? "") + signature : signature;
  }

  beginToolCall(id: string, name: string): number {
    const call: ToolCall = { type: "toolCall", id, name, arguments: {} };
    const index = this.message.content.push(call) - 1;
    this.argBuffers.set(index, "");
    this.emit({ type: "toolcall_start", contentIndex: index, id, name, partial: this.message });
    return index;
  }

  appendToolArguments(index: number, delta: string): void {
    if (delta.length === 0) return;
    this.block(index, "toolCall");
    this.argBuffers.set(index, (this.argBuffers.get(index) ?? "") + delta);
    this.emit({ type: "toolcall_delta", contentIndex: index, delta, partial: this.message });
  }

  /** Parse the buffered arguments and emit `toolcall_end`. Arguments given here replace the buffer. */
  endToolCall(index: number, args?: Record<string, unknown>): ToolCall {
    const call = this.block(index, "toolCall");
    const raw = this.argBuffers.get(index);
    if (raw === undefined) return call;
    this.argBuffers.delete(index);
    call.arguments = args ?? parseArguments(raw);
    this.emit({ type: "toolcall_end", contentIndex: index, toolCall: call, partial: this.message });
    return call;
  }

  /** End every tool call still open, in order. */
  endOpenToolCalls(): void {
    for (const index of [...this.argBuffers.keys()].sort((a, b) => a - b)) this.endToolCall(index);
  }

  /** Keep what can be read of unfinished tool calls, without announcing them as complete. */
  salvageOpenToolCalls(): void {
    for (const [index, raw] of this.argBuffers) {
      const call = this.message.content[index] as ToolCall;
      call.arguments = parseArguments(raw);
    }
    this.argBuffers.clear();
  }

  setUsage(counts: TokenCounts): void {
    this.message.usage = priceUsage(counts, this.model.cost);
  }

  hasToolCalls(): boolean {
    return this.message.content.some((block) => block.type === "toolCall");
  }

  private block<T extends "text" | "thinking" | "toolCall">(
    index: number,
    type: T,
  ): Extract<AssistantMessage["content"][number], { type: T }> {
    const block = this.message.content[index];
    if (!block || block.type !== type) throw new Error(`content block ${index} is not ${type}`);
    return block as Extract<AssistantMessage["content"][number], { type: T }>;
  }
}

function parseArguments(raw: string): Record<string, unknown> {
  if (raw.trim().length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
