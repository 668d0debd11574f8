import { sanitizeToolCallId, toolCallIdNormalizer } from "@elyra/provider-kit";

/** Chat completions (api.openai.com) rejects `tool_call_id`s longer than 40 characters. */
const COMPLETIONS_ID = { maxLength: 40, allowed: /[A-Za-z0-9_-]/ };
const toResponsesId = toolCallIdNormalizer("openai-responses");
const toMistralId = toolCallIdNormalizer("mistral");

/**
 * The Responses API names a function call twice: the `call_id` its output refers to, and the output
 * item's `id`. Elyra keeps both in one tool-call id, `"<call_id>|<item_id>"`, so both can be replayed.
 */
export function joinResponsesCallId(callId: string, itemId: string | undefined): string {
  return itemId ? `${callId}|${itemId}` : callId;
}

export function splitResponsesCallId(id: string): { callId: string; itemId: string | undefined } {
  const bar = id.indexOf("|");
  if (bar === -1) return { callId: id, itemId: undefined };
  return { callId: id.slice(0, bar), itemId: id.slice(bar + 1) || undefined };
}

/**
 * The normaliser for tool-call ids from other models, for chat completions: a Responses id keeps its call
 * id; Mistral (`compat.toolCallIdFormat`) accepts only nine alphanumeric characters.
 */
export function completionsToolCallIds(format: "mistral" | undefined): (id: string) => string {
  if (format === "mistral") return (id) => toMistralId(splitResponsesCallId(id).callId);
  return (id) => sanitizeToolCallId(splitResponsesCallId(id).callId, COMPLETIONS_ID);
}

/**
 * The normaliser for tool-call ids from other models, for Responses: the call id only, since another
 * model's output item ids mean nothing here.
 */
export function responsesToolCallId(id: string): string {
  return toResponsesId(splitResponsesCallId(id).callId);
}
