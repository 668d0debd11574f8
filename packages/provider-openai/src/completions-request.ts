import {
  type AssistantMessage,
  type Context,
  type ImageContent,
  type Message,
  type Model,
  type StreamOptions,
  type TextContent,
  type ToolResultMessage,
  transformMessages,
  type UserMessage,
} from "@elyra/provider-kit";
import { type OpenAICompat, openaiCompat } from "./compat.js";
import { dataUrl, IMAGE_OMITTED, isSameModel, toolResultImages, toolResultText } from "./message-parts.js";
import { openaiEffort, openrouterEffort } from "./reasoning-effort.js";
import { completionsToolCallIds } from "./tool-call-ids.js";

type Json = Record<string, unknown>;
type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

/** The JSON body of a streaming `POST /chat/completions` for this model, conversation and options. */
export function completionsBody(model: Model, context: Context, options: StreamOptions | undefined): Json {
  const compat = openaiCompat(model);
  const body: Json = { model: model.id, messages: completionsMessages(model, context, compat), stream: true };
  if (compat.supportsUsageInStreaming) body.stream_options = { include_usage: true };
  if (options?.maxTokens !== undefined) body[compat.maxTokensField] = options.maxTokens;
  if (options?.temperature !== undefined) body.temperature = options.temperature;
  if (compat.supportsStore) body.store = false;
  if (context.tools && context.tools.length > 0) {
    body.tools = context.tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (model.reasoning && options?.reasoning !== undefined) addReasoning(body, compat, options.reasoning);
  return body;
}

function addReasoning(
  body: Json,
  compat: OpenAICompat,
  level: NonNullable<StreamOptions["reasoning"]>,
): void {
  switch (compat.thinkingFormat) {
    case "openai":
      body.reasoning_effort = openaiEffort(level);
      return;
    case "openrouter":
      body.reasoning = { effort: openrouterEffort(level) };
      return;
    case "zai":
      body.thinking = { type: level === "off" ? "disabled" : "enabled" };
      return;
    case "qwen":
      body.enable_thinking = level !== "off";
      return;
    case "none":
      return;
  }
}

function completionsMessages(model: Model, context: Context, compat: OpenAICompat): Json[] {
  const out: Json[] = [];
  if (context.systemPrompt) {
    out.push({ role: compat.supportsDeveloperRole ? "developer" : "system", content: context.systemPrompt });
  }
  const messages = transformMessages(context.messages, model, {
    normalizeToolCallId: completionsToolCallIds(compat.toolCallIdFormat),
  });
  const acceptsImages = model.input.includes("image");
  // Tool messages must follow their assistant turn directly, so images from tool results wait for the end
  // of the run of results and go in one user message after it.
  let pendingImages: ImageContent[] = [];
  for (const message of messages) {
    if (message.role !== "toolResult" && pendingImages.length > 0) {
      out.push(toolImagesMessage(pendingImages));
      pendingImages = [];
    }
    const converted = convert(message, model, compat, acceptsImages);
    if (converted) out.push(converted);
    if (message.role === "toolResult" && acceptsImages) pendingImages.push(...toolResultImages(message));
  }
  if (pendingImages.length > 0) out.push(toolImagesMessage(pendingImages));
  return out;
}

function convert(
  message: Message,
  model: Model,
  compat: OpenAICompat,
  acceptsImages: boolean,
): Json | undefined {
  switch (message.role) {
    case "user":
      return userMessage(message, acceptsImages);
    case "assistant":
      return assistantMessage(message, model, compat);
    case "toolResult":
      return toolMessage(message, compat);
  }
}

function userMessage(message: UserMessage, acceptsImages: boolean): Json {
  if (typeof message.content === "string") return { role: "user", content: message.content };
  const parts: ContentPart[] = message.content.map((part) => {
    if (part.type === "text") return { type: "text", text: part.text };
    if (!acceptsImages) return { type: "text", text: IMAGE_OMITTED };
    return { type: "image_url", image_url: { url: dataUrl(part) } };
  });
  return { role: "user", content: parts };
}

function assistantMessage(message: AssistantMessage, model: Model, compat: OpenAICompat): Json | undefined {
  const text = message.content
    .filter((block): block is TextContent => block.type === "text")
    .map((block) => block.text)
    .join("");
  const toolCalls = message.content.flatMap((block) =>
    block.type === "toolCall"
      ? [
          {
            id: block.id,
            type: "function",
            function: { name: block.name, arguments: JSON.stringify(block.arguments) },
          },
        ]
      : [],
  );
  const out: Json = { role: "assistant", content: text.length > 0 ? text : null };
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  const replayed = replayReasoning(out, message, model, compat);
  // A turn with nothing to say (an empty answer) is rejected by some servers and tells the model nothing.
  if (text.length === 0 && toolCalls.length === 0 && !replayed) return undefined;
  return out;
}

/**
 * Puts the turn's reasoning back where this server reads it (`compat.reasoningReplayField`), only for a
 * turn from this same model; for any other, transformMessages has already turned thinking into text.
 * `reasoning_details` is replayed from the assembled array kept as the thinking block's signature.
 */
function replayReasoning(out: Json, message: AssistantMessage, model: Model, compat: OpenAICompat): boolean {
  const field = compat.reasoningReplayField;
  if (!field || !isSameModel(message, model)) return false;
  const thinking = message.content.filter((block) => block.type === "thinking");
  if (field === "reasoning_details") {
    const details = thinking.flatMap((block) => parseDetails(block.signature));
    if (details.length === 0) return false;
    out.reasoning_details = details;
    return true;
  }
  const text = thinking.map((block) => block.thinking).join("");
  if (text.length === 0) return false;
  out[field] = text;
  return true;
}

function parseDetails(signature: string | undefined): unknown[] {
  if (!signature) return [];
  try {
    const value: unknown = JSON.parse(signature);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function toolMessage(message: ToolResultMessage, compat: OpenAICompat): Json {
  const out: Json = { role: "tool", tool_call_id: message.toolCallId, content: toolResultText(message) };
  if (compat.requiresToolResultName) out.name = message.toolName;
  return out;
}

function toolImagesMessage(images: ImageContent[]): Json {
  const parts: ContentPart[] = [{ type: "text", text: "Images returned by the tool calls above:" }];
  for (const image of images) parts.push({ type: "image_url", image_url: { url: dataUrl(image) } });
  return { role: "user", content: parts };
}
