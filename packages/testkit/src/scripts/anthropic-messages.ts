import type { MockReply, SseItem } from "../mock-server.js";
import { pieces, type ScriptedTurn } from "../script.js";

const STOP_REASONS = { stop: "end_turn", length: "max_tokens", toolUse: "tool_use" } as const;

/** A signature for scripted thinking; the mock server never checks it, a replayed request carries it back. */
export const SCRIPTED_THINKING_SIGNATURE = "c2NyaXB0ZWQtdGhpbmtpbmctc2lnbmF0dXJl";

/**
 * A scripted turn as the Anthropic Messages API streams it: message_start, a ping, then thinking, text and
 * tool_use blocks (start, deltas, stop) with consecutive indexes, message_delta with the stop reason and
 * the cumulative output count, and message_stop. Every event carries its `event:` name.
 */
export function anthropicMessagesReply(turn: ScriptedTurn): MockReply {
  const size = turn.chunkSize ?? 8;
  const events: SseItem[] = [messageStart(turn), event({ type: "ping" })];
  let index = 0;
  if (turn.thinking !== undefined) {
    const deltas: object[] = pieces(turn.thinking, size).map((thinking) => ({
      type: "thinking_delta",
      thinking,
    }));
    deltas.push({ type: "signature_delta", signature: SCRIPTED_THINKING_SIGNATURE });
    events.push(...block(index++, { type: "thinking", thinking: "", signature: "" }, deltas));
  }
  if (turn.text !== undefined) {
    const deltas = pieces(turn.text, size).map((text) => ({ type: "text_delta", text }));
    events.push(...block(index++, { type: "text", text: "" }, deltas));
  }
  for (const call of turn.toolCalls ?? []) {
    const json = pieces(JSON.stringify(call.arguments), size).map((partial_json) => ({
      type: "input_json_delta",
      partial_json,
    }));
    events.push(...block(index++, { type: "tool_use", id: call.id, name: call.name, input: {} }, json));
  }
  const stop = turn.stopReason ?? (turn.toolCalls?.length ? "toolUse" : "stop");
  events.push(
    event({
      type: "message_delta",
      delta: { stop_reason: STOP_REASONS[stop], stop_sequence: null },
      usage: { output_tokens: turn.usage?.output ?? 0 },
    }),
    event({ type: "message_stop" }),
  );
  return { kind: "sse", events };
}

function messageStart(turn: ScriptedTurn): SseItem {
  const usage = turn.usage;
  return event({
    type: "message_start",
    message: {
      id: "msg_scripted",
      type: "message",
      role: "assistant",
      model: "scripted",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: usage?.input ?? 0,
        cache_creation_input_tokens: usage?.cacheWrite ?? 0,
        cache_read_input_tokens: usage?.cacheRead ?? 0,
        // The running output count starts small and message_delta carries the total, as the API does.
        output_tokens: Math.min(1, usage?.output ?? 0),
      },
    },
  });
}

function block(index: number, contentBlock: object, deltas: object[]): SseItem[] {
  return [
    event({ type: "content_block_start", index, content_block: contentBlock }),
    ...deltas.map((delta) => event({ type: "content_block_delta", index, delta })),
    event({ type: "content_block_stop", index }),
  ];
}

function event(payload: { type: string } & Record<string, unknown>): SseItem {
  return { event: payload.type, data: JSON.stringify(payload) };
}
