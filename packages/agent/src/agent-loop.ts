import {
  type ApiImplementation,
  type AssistantMessage,
  type Context,
  type Message,
  type Model,
  ProviderError,
  type RetryOptions,
  type StreamEvent,
  type StreamOptions,
  type Tool,
  type ToolCall,
  type ToolResultMessage,
} from "@elyra/provider-kit";
import type { AgentTool } from "./tool.js";
import { executeToolCall } from "./tool-runner.js";

export type AgentEvent =
  | { type: "turn_start"; turn: number }
  | { type: "stream"; event: StreamEvent }
  | { type: "retry"; attempt: number; delayMs: number; error: ProviderError }
  | { type: "tool_start"; call: ToolCall }
  | { type: "tool_end"; call: ToolCall; result: ToolResultMessage }
  | { type: "turn_end"; message: AssistantMessage };

export interface AgentOptions {
  model: Model;
  /** The wire API that serves the model (the registry resolves it). */
  api: ApiImplementation;
  tools?: AgentTool[];
  systemPrompt?: string;
  /** Where tools run and resolve relative paths. */
  cwd: string;
  /** Credential, headers, max tokens, reasoning… `signal` is the agent's own. */
  streamOptions?: Omit<StreamOptions, "signal">;
  /** Model calls per run; default 50. */
  maxTurns?: number;
  /** Retries of a turn that failed with a retryable error before any content arrived; default 3. */
  maxRetries?: number;
  /** First retry delay; doubled each time. Default 1000 ms. */
  retryDelayMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
}

export type AgentStopReason = "stop" | "length" | "error" | "aborted" | "maxTurns";

export interface AgentResult {
  /** The conversation, with this run's assistant turns and tool results appended. */
  messages: Message[];
  /** The last assistant message (partial when the run failed or was aborted). */
  final: AssistantMessage | undefined;
  stopReason: AgentStopReason;
  error?: ProviderError;
}

/**
 * Sends the conversation to the model, streams the answer, runs the tool calls it asks for, appends the
 * results and goes on until the model stops, fails, is aborted or reaches the turn limit. The input array
 * is not mutated; the result holds the extended conversation.
 */
export async function runAgent(messages: Message[], options: AgentOptions): Promise<AgentResult> {
  const history = [...messages];
  const emit = options.onEvent ?? (() => {});
  const maxTurns = options.maxTurns ?? 50;
  let final: AssistantMessage | undefined;
  for (let turn = 1; turn <= maxTurns; turn++) {
    emit({ type: "turn_start", turn });
    const outcome = await streamTurn(history, options, emit);
    final = outcome.message;
    history.push(final);
    emit({ type: "turn_end", message: final });
    if (outcome.error) {
      const stopReason = final.stopReason === "aborted" ? "aborted" : "error";
      return { messages: history, final, stopReason, error: outcome.error };
    }
    if (final.stopReason !== "toolUse")
      return { messages: history, final, stopReason: final.stopReason as "stop" | "length" };
    const aborted = await runToolCalls(final, history, options, emit);
    if (aborted) return { messages: history, final, stopReason: "aborted" };
  }
  return { messages: history, final, stopReason: "maxTurns" };
}

interface TurnOutcome {
  message: AssistantMessage;
  error?: ProviderError;
}

async function streamTurn(
  history: Message[],
  options: AgentOptions,
  emit: (e: AgentEvent) => void,
): Promise<TurnOutcome> {
  const context: Context = {
    systemPrompt: options.systemPrompt,
    messages: history,
    tools: toolSchemas(options.tools),
  };
  const maxRetries = options.maxRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const stream = options.api.stream(options.model, context, {
      ...options.streamOptions,
      retry: reportingRetries(options, emit),
      signal: options.signal,
    });
    let failure: ProviderError | undefined;
    for await (const event of stream) {
      emit({ type: "stream", event });
      if (event.type === "error") failure = event.error;
    }
    const message = await stream.result();
    if (!failure) return { message };
    const canRetry = failure.retryable && message.content.length === 0 && attempt < maxRetries;
    if (!canRetry || options.signal?.aborted) return { message, error: failure };
    const delayMs = retryDelay(options.retryDelayMs ?? 1000, attempt, failure);
    emit({ type: "retry", attempt: attempt + 1, delayMs, error: failure });
    if (!(await sleep(delayMs, options.signal))) return { message, error: failure };
  }
}

/** The HTTP layer's own retries (before any byte of a response) are shown to the user like the agent's. */
function reportingRetries(options: AgentOptions, emit: (e: AgentEvent) => void): RetryOptions {
  const retry = options.streamOptions?.retry;
  return {
    ...retry,
    onRetry: (info) => {
      retry?.onRetry?.(info);
      const error = new ProviderError({
        provider: options.model.provider,
        kind: info.status === 429 ? "rate_limit" : info.status === undefined ? "network" : "server",
        status: info.status,
        message: info.reason,
        retryable: true,
      });
      emit({ type: "retry", attempt: info.attempt, delayMs: info.delayMs, error });
    },
  };
}

/** The model sees each tool's schema only. */
function toolSchemas(tools: AgentTool[] | undefined): Tool[] | undefined {
  return tools?.map(({ name, description, parameters }) => ({ name, description, parameters }));
}

function retryDelay(base: number, attempt: number, error: ProviderError): number {
  const backoff = base * 2 ** attempt;
  return Math.min(Math.max(backoff, error.retryAfterMs ?? 0), 60_000);
}

/** Resolves true after the delay, false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs the turn's tool calls in order; returns true when the user aborted. */
async function runToolCalls(
  message: AssistantMessage,
  history: Message[],
  options: AgentOptions,
  emit: (e: AgentEvent) => void,
): Promise<boolean> {
  for (const block of message.content) {
    if (block.type !== "toolCall") continue;
    emit({ type: "tool_start", call: block });
    const result = await executeToolCall(block, options.tools ?? [], {
      cwd: options.cwd,
      signal: options.signal,
    });
    history.push(result);
    emit({ type: "tool_end", call: block, result });
    if (options.signal?.aborted) return true;
  }
  return false;
}
