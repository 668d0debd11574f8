import type { MockReply, SseItem } from "../mock-server.js";
import { pieces, type ScriptedTurn } from "../script.js";

/**
 * A scripted turn as an OpenAI Responses stream, with `event:` lines as api.openai.com sends them: a
 * reasoning item (one summary part, an `encrypted_content` blob) for the thinking, a message item for the
 * text, a function_call item per tool call, then `response.completed` (or `response.incomplete` for a
 * "length" stop) with usage. A tool-call id of the form `"<call_id>|<item_id>"` is sent as both ids;
 * any other id is the `call_id` of an item that has no `id`, so it comes back unchanged.
 */
export function openaiResponsesReply(turn: ScriptedTurn): MockReply {
  const size = turn.chunkSize ?? 8;
  const events: SseItem[] = [];
  let sequence = 0;
  const emit = (payload: Record<string, unknown>) => {
    const type = payload.type as string;
    events.push({ event: type, data: JSON.stringify({ ...payload, sequence_number: sequence++ }) });
  };
  const response = (status: string, extra: Record<string, unknown> = {}) => ({
    id: "resp_scripted",
    object: "response",
    status,
    model: "scripted",
    output: [],
    ...extra,
  });
  emit({ type: "response.created", response: response("in_progress") });
  let outputIndex = 0;
  if (turn.thinking) reasoningItem(turn.thinking, size, outputIndex++, emit);
  if (turn.text) messageItem(turn.text, size, outputIndex++, emit);
  for (const call of turn.toolCalls ?? []) functionCallItem(call, size, outputIndex++, emit);
  const stop = turn.stopReason ?? (turn.toolCalls?.length ? "toolUse" : "stop");
  if (stop === "length") {
    const extra = { usage: usage(turn), incomplete_details: { reason: "max_output_tokens" } };
    emit({ type: "response.incomplete", response: response("incomplete", extra) });
  } else {
    emit({ type: "response.completed", response: response("completed", { usage: usage(turn) }) });
  }
  return { kind: "sse", events };
}

type Emit = (payload: Record<string, unknown>) => void;

function reasoningItem(thinking: string, size: number, output_index: number, emit: Emit): void {
  const item_id = `rs_scripted_${output_index}`;
  emit({
    type: "response.output_item.added",
    output_index,
    item: { id: item_id, type: "reasoning", summary: [] },
  });
  emit({
    type: "response.reasoning_summary_part.added",
    item_id,
    output_index,
    summary_index: 0,
    part: { type: "summary_text", text: "" },
  });
  for (const delta of pieces(thinking, size)) {
    emit({ type: "response.reasoning_summary_text.delta", item_id, output_index, summary_index: 0, delta });
  }
  emit({
    type: "response.reasoning_summary_text.done",
    item_id,
    output_index,
    summary_index: 0,
    text: thinking,
  });
  const item = {
    id: item_id,
    type: "reasoning",
    encrypted_content: "scripted-encrypted-reasoning",
    summary: [{ type: "summary_text", text: thinking }],
  };
  emit({ type: "response.output_item.done", output_index, item });
}

function messageItem(text: string, size: number, output_index: number, emit: Emit): void {
  const item_id = `msg_scripted_${output_index}`;
  const added = { id: item_id, type: "message", status: "in_progress", role: "assistant", content: [] };
  emit({ type: "response.output_item.added", output_index, item: added });
  const part = { type: "output_text", annotations: [], text: "" };
  emit({ type: "response.content_part.added", item_id, output_index, content_index: 0, part });
  for (const delta of pieces(text, size)) {
    emit({ type: "response.output_text.delta", item_id, output_index, content_index: 0, delta });
  }
  emit({ type: "response.output_text.done", item_id, output_index, content_index: 0, text });
  const content = [{ type: "output_text", annotations: [], text }];
  emit({ type: "response.output_item.done", output_index, item: { ...added, status: "completed", content } });
}

function functionCallItem(
  call: NonNullable<ScriptedTurn["toolCalls"]>[number],
  size: number,
  output_index: number,
  emit: Emit,
): void {
  const bar = call.id.indexOf("|");
  const call_id = bar === -1 ? call.id : call.id.slice(0, bar);
  const itemId = bar === -1 ? undefined : call.id.slice(bar + 1);
  const ids = itemId === undefined ? {} : { id: itemId };
  const refs = itemId === undefined ? { output_index } : { item_id: itemId, output_index };
  const args = JSON.stringify(call.arguments);
  const added = {
    ...ids,
    type: "function_call",
    status: "in_progress",
    call_id,
    name: call.name,
    arguments: "",
  };
  emit({ type: "response.output_item.added", output_index, item: added });
  for (const delta of pieces(args, size))
    emit({ type: "response.function_call_arguments.delta", ...refs, delta });
  emit({ type: "response.function_call_arguments.done", ...refs, arguments: args });
  emit({
    type: "response.output_item.done",
    output_index,
    item: { ...added, status: "completed", arguments: args },
  });
}

function usage(turn: ScriptedTurn): Record<string, unknown> {
  const input = (turn.usage?.input ?? 0) + (turn.usage?.cacheRead ?? 0);
  const output = turn.usage?.output ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: turn.usage?.cacheRead ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}
