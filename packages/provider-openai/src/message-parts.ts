import type {
  AssistantMessage,
  ImageContent,
  Model,
  TextContent,
  ToolResultMessage,
} from "@elyra/provider-kit";

/**
 * Whether an assistant turn was produced by exactly this model on this API: only then is its opaque replay
 * data (reasoning items, reasoning_details, item ids) meaningful to the server.
 */
export function isSameModel(message: AssistantMessage, model: Model): boolean {
  return message.provider === model.provider && message.api === model.api && message.model === model.id;
}

export function dataUrl(image: ImageContent): string {
  return `data:${image.mimeType};base64,${image.data}`;
}

/** The text of a tool result; a result with only images still needs some text for the text-only field. */
export function toolResultText(result: ToolResultMessage): string {
  const text = result.content
    .filter((part): part is TextContent => part.type === "text")
    .map((part) => part.text)
    .join("\n");
  if (text.length > 0) return text;
  return result.content.some((part) => part.type === "image") ? "(see attached image)" : "(no output)";
}

export function toolResultImages(result: ToolResultMessage): ImageContent[] {
  return result.content.filter((part): part is ImageContent => part.type === "image");
}

/** Said in place of an image the model cannot see, so the conversation still makes sense to it. */
export const IMAGE_OMITTED = "(image omitted: this model does not accept images)";
