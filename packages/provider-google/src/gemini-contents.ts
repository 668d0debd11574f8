import {
  type AssistantMessage,
  type ImageContent,
  type Message,
  type Model,
  type TextContent,
  type ToolResultMessage,
  transformMessages,
  type UserMessage,
} from "@elyra/provider-kit";
import type { GeminiContent, GeminiPart } from "./gemini-types.js";

/**
 * Google's documented stand-in for a thought signature on a function call the model did not make (a
 * conversation carried over from another model). Gemini 3 rejects an unsigned call in the current turn.
 */
const FOREIGN_CALL_SIGNATURE = "skip_thought_signature_validator";

const IMAGE_OMITTED = "(image omitted: this model does not accept images)";

/**
 * The conversation as Gemini `contents`. History from other models arrives already adapted by
 * transformMessages (their thinking as text, their signatures dropped); what is left to do here is the
 * Gemini shape: roles user/model, tool results as `functionResponse` parts of a user turn, and one content
 * per run of same-role messages, since Gemini expects the roles to alternate.
 */
export function toContents(model: Model, messages: Message[]): GeminiContent[] {
  const contents: GeminiContent[] = [];
  for (const message of transformMessages(messages, model)) {
    const content = toContent(model, message);
    if (content.parts.length === 0) continue;
    const last = contents[contents.length - 1];
    if (last?.role === content.role) last.parts.push(...content.parts);
    else contents.push(content);
  }
  return contents;
}

function toContent(model: Model, message: Message): GeminiContent {
  switch (message.role) {
    case "user":
      return { role: "user", parts: userParts(model, message) };
    case "assistant":
      return { role: "model", parts: modelParts(model, message) };
    case "toolResult":
      return { role: "user", parts: toolResultParts(model, message) };
  }
}

function userParts(model: Model, message: UserMessage): GeminiPart[] {
  if (typeof message.content === "string")
    return message.content.length > 0 ? [{ text: message.content }] : [];
  const parts: GeminiPart[] = [];
  for (const block of message.content) {
    const part = block.type === "text" ? textPart(block) : imagePart(model, block);
    if (part) parts.push(part);
  }
  return parts;
}

function textPart(block: TextContent): GeminiPart | undefined {
  return block.text.length > 0 ? { text: block.text } : undefined;
}

function imagePart(model: Model, block: ImageContent): GeminiPart {
  if (!model.input.includes("image")) return { text: IMAGE_OMITTED };
  return { inlineData: { mimeType: block.mimeType, data: block.data } };
}

/** An assistant turn. Signatures still present belong to this model: transformMessages drops foreign ones. */
function modelParts(model: Model, message: AssistantMessage): GeminiPart[] {
  let placeholderDue = model.compat?.requiresThoughtSignatures === true && !fromModel(model, message);
  const parts: GeminiPart[] = [];
  for (const block of message.content) {
    let part: GeminiPart | undefined;
    if (block.type === "text") {
      part = block.text.length > 0 || block.signature ? { text: block.text } : undefined;
    } else if (block.type === "thinking") {
      part =
        block.thinking.length > 0 || block.signature ? { thought: true, text: block.thinking } : undefined;
    } else {
      part = { functionCall: { name: block.name, args: block.arguments } };
      // Only the first call of a step carries a signature, as in Gemini's own parallel calls.
      if (placeholderDue && !block.signature) part.thoughtSignature = FOREIGN_CALL_SIGNATURE;
      placeholderDue = false;
    }
    if (!part) continue;
    if (block.signature) part.thoughtSignature = block.signature;
    parts.push(part);
  }
  return parts;
}

function fromModel(model: Model, message: AssistantMessage): boolean {
  return message.provider === model.provider && message.api === model.api && message.model === model.id;
}

/**
 * A tool result as a `functionResponse`, matched to its call by name (and by order for parallel calls of
 * one tool): Gemini's own calls rarely carry an id, and ids made up by Elyra mean nothing to it. Images
 * follow as inline data, which every Gemini model reads, unlike multimodal function responses.
 */
function toolResultParts(model: Model, message: ToolResultMessage): GeminiPart[] {
  let text = "";
  const images: GeminiPart[] = [];
  for (const block of message.content) {
    if (block.type === "text") text = text.length > 0 ? `${text}\n${block.text}` : block.text;
    else images.push(imagePart(model, block));
  }
  const response = message.isError ? { error: text } : { output: text };
  return [{ functionResponse: { name: message.toolName, response } }, ...images];
}
