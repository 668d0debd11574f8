import type { MockReply } from "../mock-server.js";
import { pieces, type ScriptedTurn } from "../script.js";

const FINISH_REASONS = { stop: "stop", length: "length", toolUse: "tool_calls" } as const;

/**
 * A scripted turn as an OpenAI Chat Completions stream: a role chunk, `reasoning_content` deltas for the
 * thinking, `content` deltas, each tool call opened with its id and name and then its argument pieces,
 * the finish chunk, a usage-only chunk (`choices: []`, as `stream_options.include_usage` gives) and
 * `[DONE]`. Usage is the normalised kind: `prompt_tokens` is input plus cached tokens.
 */
export function openaiCompletionsReply(turn: ScriptedTurn): MockReply {
  const size = turn.chunkSize ?? 8;
  const id = "chatcmpl-scripted";
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created: 0,
      model: "scripted",
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  const events: string[] = [chunk({ role: "assistant", content: "" })];
  if (turn.thinking)
    for (const piece of pieces(turn.thinking, size)) events.push(chunk({ reasoning_content: piece }));
  if (turn.text) for (const piece of pieces(turn.text, size)) events.push(chunk({ content: piece }));
  (turn.toolCalls ?? []).forEach((call, index) => {
    const first = { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
    events.push(chunk({ tool_calls: [first] }));
    for (const piece of pieces(JSON.stringify(call.arguments), size)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  const stop = turn.stopReason ?? (turn.toolCalls?.length ? "toolUse" : "stop");
  events.push(chunk({}, FINISH_REASONS[stop]));
  events.push(
    JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created: 0,
      model: "scripted",
      choices: [],
      usage: usage(turn),
    }),
  );
  events.push("[DONE]");
  return { kind: "sse", events };
}

function usage(turn: ScriptedTurn): Record<string, unknown> {
  const input = turn.usage?.input ?? 0;
  const output = turn.usage?.output ?? 0;
  const cacheRead = turn.usage?.cacheRead ?? 0;
  const cacheWrite = turn.usage?.cacheWrite ?? 0;
  const prompt = input + cacheRead + cacheWrite;
  const details: Record<string, number> = { cached_tokens: cacheRead };
  if (cacheWrite > 0) details.cache_write_tokens = cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    prompt_tokens_details: details,
  };
}
