import type { AgentEvent, AgentResult } from "@elyra/agent";

/**
 * One JSON object per line for `--mode json`. Deltas carry only the delta; the full message is printed once,
 * at the end of each turn, so the output grows with the answer, not with its square.
 */
export function jsonEvent(event: AgentEvent): object | undefined {
  switch (event.type) {
    case "turn_start":
      return { type: "turn_start", turn: event.turn };
    case "retry":
      return { type: "retry", attempt: event.attempt, delayMs: event.delayMs, error: errorJson(event.error) };
    case "tool_start":
      return { type: "tool_start", toolCall: event.call };
    case "tool_end":
      return { type: "tool_end", toolCallId: event.call.id, result: event.result };
    case "turn_end":
      return { type: "turn_end", message: event.message };
    case "stream":
      return streamEvent(event.event);
  }
}

function streamEvent(event: Extract<AgentEvent, { type: "stream" }>["event"]): object | undefined {
  switch (event.type) {
    case "start":
      return { type: "message_start", provider: event.partial.provider, model: event.partial.model };
    case "text_delta":
    case "thinking_delta":
    case "toolcall_delta":
      return { type: event.type, contentIndex: event.contentIndex, delta: event.delta };
    case "toolcall_start":
      return { type: event.type, contentIndex: event.contentIndex, id: event.id, name: event.name };
    case "toolcall_end":
      return { type: event.type, contentIndex: event.contentIndex, toolCall: event.toolCall };
    case "done":
      return undefined; // turn_end carries the message
    case "error":
      return { type: "error", reason: event.reason, error: errorJson(event.error) };
  }
}

export function errorJson(error: {
  message: string;
  kind?: string;
  status?: number;
  code?: string;
  provider?: string;
}) {
  return {
    message: error.message,
    kind: error.kind,
    status: error.status,
    code: error.code,
    provider: error.provider,
  };
}

export function agentEndJson(result: AgentResult): object {
  return {
    type: "agent_end",
    stopReason: result.stopReason,
    error: result.error ? errorJson(result.error) : undefined,
    usage: result.final?.usage,
  };
}
