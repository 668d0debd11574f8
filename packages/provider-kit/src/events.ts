import type { ProviderError } from "./errors.js";
import type { AssistantMessage, ToolCall } from "./messages.js";

/**
 * What a stream emits. `partial` is the message being built, mutated in place and shared by every event
 * (no per-event copies); copy it if you keep it past the next event. Exactly one terminal event ends a stream:
 * `done`, or `error` whose message keeps everything received before the failure.
 */
export type StreamEvent =
  | { type: "start"; partial: AssistantMessage }
  | { type: "text_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
  | { type: "thinking_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
  | { type: "toolcall_start"; contentIndex: number; id: string; name: string; partial: AssistantMessage }
  | { type: "toolcall_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
  | { type: "toolcall_end"; contentIndex: number; toolCall: ToolCall; partial: AssistantMessage }
  | { type: "done"; reason: "stop" | "length" | "toolUse"; message: AssistantMessage }
  | { type: "error"; reason: "error" | "aborted"; error: ProviderError; message: AssistantMessage };

/** An async iterable of events that also resolves to the final message (never rejects). */
export interface AssistantStream extends AsyncIterable<StreamEvent> {
  result(): Promise<AssistantMessage>;
}
