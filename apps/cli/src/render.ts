import type { AgentEvent } from "@elyra/agent";
import type { ToolCall, ToolResultMessage } from "@elyra/provider-kit";
import type { Styles } from "./color.js";

export interface RenderTargets {
  /** The answer. */
  answer: (text: string) => void;
  /** Thinking, tool calls, retries: progress around the answer. */
  progress: (text: string) => void;
  /** Show thinking (dimmed) or leave it out. */
  showThinking: boolean;
}

/** Renders agent events as a person reads them: the answer as it streams, the rest compact and dimmed. */
export class TextRenderer {
  private lastKind: "text" | "thinking" | "progress" | "none" = "none";
  private answerEndsWithNewline = true;
  private progressEndsWithNewline = true;

  constructor(
    private readonly style: Styles,
    private readonly out: RenderTargets,
  ) {}

  handle(event: AgentEvent): void {
    if (event.type === "stream") this.stream(event.event);
    else if (event.type === "tool_start") this.line(`${this.style.cyan("●")} ${describeCall(event.call)}`);
    else if (event.type === "tool_end") this.line(`  ${summarizeResult(event.result, this.style)}`);
    else if (event.type === "retry") {
      const seconds = (event.delayMs / 1000).toFixed(1);
      this.line(
        this.style.yellow(`${event.error.message} — retrying in ${seconds} s (attempt ${event.attempt})`),
      );
    }
  }

  /** Close an unterminated answer line before the prompt or the process exit. */
  finish(): void {
    if (!this.answerEndsWithNewline) {
      this.out.answer("\n");
      this.answerEndsWithNewline = true;
    }
  }

  private stream(event: Extract<AgentEvent, { type: "stream" }>["event"]): void {
    if (event.type === "text_delta") {
      if (this.lastKind === "thinking") this.endThinking();
      this.lastKind = "text";
      this.out.answer(event.delta);
      this.answerEndsWithNewline = event.delta.endsWith("\n");
      return;
    }
    if (event.type === "thinking_delta" && this.out.showThinking) {
      this.lastKind = "thinking";
      this.out.progress(this.style.dim(event.delta));
      this.progressEndsWithNewline = event.delta.endsWith("\n");
    }
  }

  private endThinking(): void {
    if (!this.progressEndsWithNewline) this.out.progress("\n");
    this.progressEndsWithNewline = true;
  }

  private line(text: string): void {
    this.finish();
    this.endThinking();
    this.lastKind = "progress";
    this.out.progress(`${text}\n`);
  }
}

function describeCall(call: ToolCall): string {
  const args = call.arguments;
  const pick = (key: string) => (typeof args[key] === "string" ? (args[key] as string) : "");
  const subject = pick("path") || pick("command") || JSON.stringify(args);
  const oneLine = subject.replace(/\s+/g, " ");
  return `${call.name} ${oneLine.length > 100 ? `${oneLine.slice(0, 99)}…` : oneLine}`;
}

function summarizeResult(result: ToolResultMessage, style: Styles): string {
  const text = result.content.map((block) => (block.type === "text" ? block.text : "[image]")).join("");
  const lines = text.split("\n").filter((line) => line.length > 0);
  if (result.isError) return style.red(`✗ ${lines.at(-1) ?? "failed"}`);
  const last = lines.at(-1) ?? "";
  return style.dim(
    `✓ ${lines.length} line${lines.length === 1 ? "" : "s"}${lines.length > 0 ? ` · ${last.slice(0, 80)}` : ""}`,
  );
}
