import {
  type AssistantMessage,
  type Context,
  type Message,
  type Model,
  type StreamOptions,
  type ToolResultMessage,
  transformMessages,
  type UserMessage,
} from "@elyra/provider-kit";
import { openaiCompat } from "./compat.js";
import { dataUrl, IMAGE_OMITTED, isSameModel, toolResultImages, toolResultText } from "./message-parts.js";
import { openaiEffort } from "./reasoning-effort.js";
import { responsesToolCallId, splitResponsesCallId } from "./tool-call-ids.js";

type Json = Record<string, unknown>;

/** The JSON body of a streaming `POST /responses` for this model, conversation and options. */
export function responsesBody(model: Model, context: Context, options: StreamOptions | undefined): Json {
  const compat = openaiCompat(model);
  const body: Json = { model: model.id, input: responsesInput(model, context), stream: true };
  // Nothing is kept server-side; replayed reasoning travels encrypted in the request instead.
  if (compat.supportsStore) body.store = false;
  if (context.systemPrompt) body.instructions = context.systemPrompt;
  if (context.tools && context.tools.length > 0) {
    body.tools = context.tools.map((tool) => ({
      type: "function",
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      strict: false,
    }));
  }
  if (options?.maxTokens !== undefined) body.max_output_tokens = options.maxTokens;
  if (options?.temperature !== undefined) body.temperature = options.temperature;
  if (options?.sessionId) body.prompt_cache_key = options.sessionId;
  if (model.reasoning) {
    const reasoning: Json = { summary: "auto" };
    if (options?.reasoning !== undefined) reasoning.effort = openaiEffort(options.reasoning);
    body.reasoning = reasoning;
    body.include = ["reasoning.encrypted_content"];
  }
  return body;
}

function responsesInput(model: Model, context: Context): Json[] {
  const messages = transformMessages(context.messages, model, { normalizeToolCallId: responsesToolCallId });
  const acceptsImages = model.input.includes("image");
  const input: Json[] = [];
  for (const message of messages) convert(message, model, acceptsImages, input);
  return input;
}

function convert(message: Message, model: Model, acceptsImages: boolean, input: Json[]): void {
  switch (message.role) {
    case "user":
      input.push(userItem(message, acceptsImages));
      return;
    case "assistant":
      assistantItems(message, model, input);
      return;
    case "toolResult":
      input.push(toolOutputItem(message, acceptsImages));
      return;
  }
}

function userItem(message: UserMessage, acceptsImages: boolean): Json {
  const parts =
    typeof message.content === "string"
      ? [{ type: "text" as const, text: message.content }]
      : message.content;
  const content = parts.map((part) => {
    if (part.type === "text") return { type: "input_text", text: part.text };
    if (!acceptsImages) return { type: "input_text", text: IMAGE_OMITTED };
    return { type: "input_image", detail: "auto", image_url: dataUrl(part) };
  });
  return { role: "user", content };
}

/**
 * An assistant turn as output items, in order. Ids and reasoning items are replayed only for a turn from
 * this same model: another model's reasoning means nothing here, and a function-call item id without its
 * reasoning item is rejected.
 */
function assistantItems(message: AssistantMessage, model: Model, input: Json[]): void {
  const same = isSameModel(message, model);
  for (const block of message.content) {
    if (block.type === "thinking") {
      const item = same ? reasoningItem(block.signature) : undefined;
      if (item) input.push(item);
    } else if (block.type === "text") {
      if (block.text.length === 0) continue;
      const item: Json = {
        type: "message",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: block.text, annotations: [] }],
      };
      if (same && block.signature) item.id = block.signature;
      input.push(item);
    } else {
      const { callId, itemId } = splitResponsesCallId(block.id);
      const item: Json = {
        type: "function_call",
        call_id: callId,
        name: block.name,
        arguments: JSON.stringify(block.arguments),
      };
      if (same && itemId) item.id = itemId;
      input.push(item);
    }
  }
}

/** The stored reasoning item, if the signature is one. */
function reasoningItem(signature: string | undefined): Json | undefined {
  if (!signature) return undefined;
  try {
    const value: unknown = JSON.parse(signature);
    if (typeof value === "object" && value !== null && (value as Json).type === "reasoning")
      return value as Json;
  } catch {
    // Not a Responses reasoning item (a signature from another API): nothing to replay.
  }
  return undefined;
}

function toolOutputItem(message: ToolResultMessage, acceptsImages: boolean): Json {
  const callId = splitResponsesCallId(message.toolCallId).callId;
  const images = acceptsImages ? toolResultImages(message) : [];
  if (images.length === 0)
    return { type: "function_call_output", call_id: callId, output: toolResultText(message) };
  const output: Json[] = [];
  for (const part of message.content) {
    if (part.type === "text") output.push({ type: "input_text", text: part.text });
    else output.push({ type: "input_image", detail: "auto", image_url: dataUrl(part) });
  }
  return { type: "function_call_output", call_id: callId, output };
}
