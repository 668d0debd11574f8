import {
  type AssistantMessage,
  type Context,
  type ImageContent,
  type Message,
  type Model,
  type StreamOptions,
  type TextContent,
  type Tool,
  type ToolResultMessage,
  toolCallIdNormalizer,
  transformMessages,
} from "@elyra/provider-kit";
import { planOutput } from "./thinking-budget.js";

interface CacheControl {
  type: "ephemeral";
}
interface TextBlock {
  type: "text";
  text: string;
  cache_control?: CacheControl;
}
interface ImageBlock {
  type: "image";
  source: { type: "base64"; media_type: string; data: string };
  cache_control?: CacheControl;
}
interface ToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: (TextBlock | ImageBlock)[];
  is_error?: boolean;
  cache_control?: CacheControl;
}
type AssistantBlock =
  | TextBlock
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
type UserBlock = TextBlock | ImageBlock | ToolResultBlock;

export type MessageParam =
  | { role: "user"; content: UserBlock[] }
  | { role: "assistant"; content: AssistantBlock[] };

/** The body of `POST /v1/messages`. */
export interface MessagesRequest {
  model: string;
  max_tokens: number;
  system?: TextBlock[];
  messages: MessageParam[];
  tools?: { name: string; description: string; input_schema: Record<string, unknown> }[];
  thinking?: { type: "enabled"; budget_tokens: number };
  temperature?: number;
  stream: true;
}

const EPHEMERAL: CacheControl = { type: "ephemeral" };
/** tool_use ids must match ^[a-zA-Z0-9_-]{1,64}$; ids from other providers (`call_abc|fc_123`) are rewritten. */
const normalizeToolCallId = toolCallIdNormalizer("anthropic");
const IMAGE_OMITTED = "(image omitted: this model does not accept images)";

export function buildMessagesRequest(
  model: Model,
  context: Context,
  options?: StreamOptions,
): MessagesRequest {
  const caching = model.compat?.supportsPromptCaching !== false;
  const plan = planOutput(model, options?.maxTokens, options?.reasoning);
  const history = transformMessages(context.messages, model, { normalizeToolCallId });
  const messages = toMessageParams(history, model);
  if (caching) markLastUserTurn(messages);
  const request: MessagesRequest = { model: model.id, max_tokens: plan.maxTokens, messages, stream: true };
  if (context.systemPrompt) request.system = [systemBlock(context.systemPrompt, caching)];
  if (context.tools && context.tools.length > 0) request.tools = context.tools.map(toolParam);
  if (plan.thinkingBudget !== undefined) {
    request.thinking = { type: "enabled", budget_tokens: plan.thinkingBudget };
  } else if (options?.temperature !== undefined) {
    // With thinking on, the API accepts no temperature but its default.
    request.temperature = options.temperature;
  }
  return request;
}

function systemBlock(text: string, caching: boolean): TextBlock {
  return caching ? { type: "text", text, cache_control: EPHEMERAL } : { type: "text", text };
}

function toMessageParams(messages: Message[], model: Model): MessageParam[] {
  const out: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === "toolResult") {
      appendToolResult(out, message, model);
      continue;
    }
    const param = message.role === "user" ? userParam(message.content, model) : assistantParam(message);
    // The API rejects empty turns; an empty message carries nothing the model could use.
    if (param.content.length > 0) out.push(param);
  }
  return out;
}

/** Consecutive tool results go into one user turn, which is the shape the API expects after tool_use. */
function appendToolResult(out: MessageParam[], message: ToolResultMessage, model: Model): void {
  const block: ToolResultBlock = { type: "tool_result", tool_use_id: message.toolCallId };
  const content = contentBlocks(message.content, model);
  if (content.length > 0) block.content = content;
  if (message.isError) block.is_error = true;
  const last = out[out.length - 1];
  if (last?.role === "user" && last.content[last.content.length - 1]?.type === "tool_result") {
    last.content.push(block);
    return;
  }
  out.push({ role: "user", content: [block] });
}

function userParam(content: string | (TextContent | ImageContent)[], model: Model): MessageParam {
  if (typeof content === "string")
    return { role: "user", content: content ? [{ type: "text", text: content }] : [] };
  return { role: "user", content: contentBlocks(content, model) };
}

function contentBlocks(content: (TextContent | ImageContent)[], model: Model): (TextBlock | ImageBlock)[] {
  const blocks: (TextBlock | ImageBlock)[] = [];
  const images = model.input.includes("image");
  for (const part of content) {
    if (part.type === "text") {
      if (part.text) blocks.push({ type: "text", text: part.text });
    } else if (images) {
      blocks.push({ type: "image", source: { type: "base64", media_type: part.mimeType, data: part.data } });
    } else {
      blocks.push({ type: "text", text: IMAGE_OMITTED });
    }
  }
  return blocks;
}

/**
 * Thinking goes back as thinking only with its signature: transformMessages has already turned thinking
 * from other models into text and dropped their signatures, and the API rejects unsigned thinking blocks.
 */
function assistantParam(message: AssistantMessage): MessageParam {
  const blocks: AssistantBlock[] = [];
  for (const part of message.content) {
    switch (part.type) {
      case "text":
        if (part.text) blocks.push({ type: "text", text: part.text });
        break;
      case "thinking":
        if (part.redacted) {
          if (part.signature) blocks.push({ type: "redacted_thinking", data: part.signature });
        } else if (part.signature) {
          blocks.push({ type: "thinking", thinking: part.thinking, signature: part.signature });
        } else if (part.thinking) {
          blocks.push({ type: "text", text: part.thinking });
        }
        break;
      case "toolCall":
        blocks.push({ type: "tool_use", id: part.id, name: part.name, input: part.arguments });
        break;
    }
  }
  return { role: "assistant", content: blocks };
}

/** A cache breakpoint on the newest user content caches the whole conversation for the next turn. */
function markLastUserTurn(messages: MessageParam[]): void {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "user") continue;
    const last = message.content[message.content.length - 1];
    if (last) last.cache_control = EPHEMERAL;
    return;
  }
}

function toolParam(tool: Tool): { name: string; description: string; input_schema: Record<string, unknown> } {
  return { name: tool.name, description: tool.description, input_schema: tool.parameters };
}
