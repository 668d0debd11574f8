import type { AssistantMessage, Message, ToolCall, ToolResultMessage } from "./messages.js";
import type { Model } from "./model.js";

export interface TransformMessagesOptions {
  /** Rewrites tool-call ids from other models into ones the target accepts (see toolCallIdNormalizer). */
  normalizeToolCallId?: (id: string) => string;
}

type AssistantBlock = AssistantMessage["content"][number];

/**
 * The one place where a history recorded with any mix of models is made acceptable to `target`, so wire
 * APIs only ever see messages they can replay:
 * - assistant messages from the same provider, API and model pass unchanged;
 * - from any other model, thinking becomes plain text (empty or redacted thinking is dropped, since it is
 *   opaque to anyone else), every `signature` is dropped and tool-call ids are normalised, with the
 *   matching tool results mapped the same way;
 * - assistant messages that ended in "error" or "aborted" are dropped, with the results of their tool
 *   calls: half-streamed calls cannot be replayed;
 * - a tool call left without a result before the next user or assistant message gets a synthetic error
 *   result, because every API rejects a call with no answer.
 * The input is never mutated; unchanged messages are returned as the same objects.
 */
export function transformMessages(
  messages: Message[],
  target: Model,
  options: TransformMessagesOptions = {},
): Message[] {
  const ids = new ToolCallIdMap(options.normalizeToolCallId);
  const dropped = new Set<string>();
  const out: Message[] = [];
  let open: ToolCall[] = [];
  for (const message of messages) {
    if (message.role === "toolResult") {
      if (dropped.has(message.toolCallId)) continue;
      const result = remapResult(message, ids);
      open = open.filter((call) => call.id !== result.toolCallId);
      out.push(result);
      continue;
    }
    if (
      message.role === "assistant" &&
      (message.stopReason === "error" || message.stopReason === "aborted")
    ) {
      for (const block of message.content) if (block.type === "toolCall") dropped.add(block.id);
      continue;
    }
    out.push(...open.map(missingResult));
    open = [];
    if (message.role === "user") {
      out.push(message);
      continue;
    }
    const replay = isSameModel(message, target) ? keepIds(message, ids) : foreignAssistant(message, ids);
    if (replay.content.length === 0) continue;
    out.push(replay);
    open = replay.content.filter((block): block is ToolCall => block.type === "toolCall");
  }
  return out;
}

function isSameModel(message: AssistantMessage, target: Model): boolean {
  return message.provider === target.provider && message.api === target.api && message.model === target.id;
}

function keepIds(message: AssistantMessage, ids: ToolCallIdMap): AssistantMessage {
  for (const block of message.content) if (block.type === "toolCall") ids.keep(block.id);
  return message;
}

function foreignAssistant(message: AssistantMessage, ids: ToolCallIdMap): AssistantMessage {
  const content: AssistantBlock[] = [];
  for (const block of message.content) {
    const converted = foreignBlock(block, ids);
    if (converted) content.push(converted);
  }
  return { ...message, content };
}

function foreignBlock(block: AssistantBlock, ids: ToolCallIdMap): AssistantBlock | undefined {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "thinking":
      if (block.redacted || block.thinking.trim().length === 0) return undefined;
      return { type: "text", text: block.thinking };
    case "toolCall":
      return { type: "toolCall", id: ids.map(block.id), name: block.name, arguments: block.arguments };
  }
}

function remapResult(message: ToolResultMessage, ids: ToolCallIdMap): ToolResultMessage {
  const id = ids.lookup(message.toolCallId);
  return id === message.toolCallId ? message : { ...message, toolCallId: id };
}

function missingResult(call: ToolCall): ToolResultMessage {
  return {
    role: "toolResult",
    toolCallId: call.id,
    toolName: call.name,
    content: [{ type: "text", text: "No result provided" }],
    isError: true,
  };
}

/**
 * Original id → normalised id, fixed on first sight so a call and its result always agree. Two originals
 * that normalise alike get distinct ids by re-normalising a suffixed original.
 */
class ToolCallIdMap {
  private readonly byOriginal = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly normalize: ((id: string) => string) | undefined) {}

  map(original: string): string {
    const known = this.byOriginal.get(original);
    if (known !== undefined) return known;
    const normalize = this.normalize ?? ((id: string) => id);
    let id = normalize(original);
    for (let n = 1; this.taken.has(id) && n <= 100; n++) id = normalize(`${original}#${n}`);
    this.byOriginal.set(original, id);
    this.taken.add(id);
    return id;
  }

  /** A same-model id stays as it is, and no foreign id may be normalised into it. */
  keep(original: string): void {
    if (this.byOriginal.has(original)) return;
    this.byOriginal.set(original, original);
    this.taken.add(original);
  }

  /** A result's id: mapped like its call, or unchanged when the call was never seen. */
  lookup(original: string): string {
    return this.byOriginal.get(original) ?? original;
  }
}
