import type { MockReply, SseItem } from "../mock-server.js";
import { pieces, type ScriptedTurn } from "../script.js";

const FINISH_REASONS = { stop: "STOP", length: "MAX_TOKENS", toolUse: "STOP" } as const;

/** A thought signature for scripted turns; the mock server never checks it, a replayed request carries it back. */
export const SCRIPTED_THOUGHT_SIGNATURE = "c2NyaXB0ZWQtdGhvdWdodC1zaWduYXR1cmU=";

type Part = Record<string, unknown>;

/**
 * A scripted turn as `streamGenerateContent?alt=sse` streams it: one GenerateContentResponse per event,
 * thought parts (`thought: true`) first, then text parts, then every function call whole in one chunk
 * (Gemini does not split them), and a last chunk with `finishReason` and the final usage. As Gemini 3 does,
 * a turn that thought carries a thought signature on its first function call, or on a closing empty text
 * part when it made none. Tool uses end with STOP, as Gemini's do; calls keep the scripted `id`. Gemini has
 * no cache writes, so `usage.cacheWrite` is not sent.
 */
export function googleGenerativeAiReply(turn: ScriptedTurn): MockReply {
  const size = turn.chunkSize ?? 8;
  const events: SseItem[] = [];
  if (turn.thinking !== undefined) {
    for (const text of pieces(turn.thinking, size)) events.push(chunk(turn, [{ text, thought: true }]));
  }
  if (turn.text !== undefined) {
    for (const text of pieces(turn.text, size)) events.push(chunk(turn, [{ text }]));
  }
  const calls = turn.toolCalls ?? [];
  const signed = turn.thinking !== undefined;
  if (calls.length > 0) {
    const parts = calls.map((call, i): Part => {
      const part: Part = { functionCall: { id: call.id, name: call.name, args: call.arguments } };
      if (signed && i === 0) part.thoughtSignature = SCRIPTED_THOUGHT_SIGNATURE;
      return part;
    });
    events.push(chunk(turn, parts));
  }
  const closing: Part =
    signed && calls.length === 0 ? { text: "", thoughtSignature: SCRIPTED_THOUGHT_SIGNATURE } : { text: "" };
  const stop = turn.stopReason ?? (calls.length > 0 ? "toolUse" : "stop");
  events.push(chunk(turn, [closing], FINISH_REASONS[stop]));
  return { kind: "sse", events };
}

/** One response chunk. Usage is running: the prompt count from the start, the output counts at the end. */
function chunk(turn: ScriptedTurn, parts: Part[], finishReason?: string): SseItem {
  const candidate: Record<string, unknown> = { content: { role: "model", parts }, index: 0 };
  if (finishReason) candidate.finishReason = finishReason;
  return JSON.stringify({
    candidates: [candidate],
    usageMetadata: usage(turn, finishReason !== undefined),
    modelVersion: "scripted",
    responseId: "scripted-response",
  });
}

function usage(turn: ScriptedTurn, final: boolean): Record<string, number> {
  const cached = turn.usage?.cacheRead ?? 0;
  const prompt = (turn.usage?.input ?? 0) + cached;
  const output = final ? (turn.usage?.output ?? 0) : 0;
  const metadata: Record<string, number> = { promptTokenCount: prompt, totalTokenCount: prompt + output };
  if (final) metadata.candidatesTokenCount = output;
  if (cached > 0) metadata.cachedContentTokenCount = cached;
  return metadata;
}
