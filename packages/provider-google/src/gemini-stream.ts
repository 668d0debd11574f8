import { randomBytes } from "node:crypto";
import { type MessageBuilder, ProviderError, providerErrorFromBody, SseDecoder } from "@elyra/provider-kit";
import { blockedPromptError, finishError } from "./finish-reasons.js";
import { StreamedArguments } from "./streamed-arguments.js";

type Payload = Record<string, unknown>;

/** A function call whose parts are still arriving (`willContinue`). */
interface OpenCall {
  index: number;
  args: StreamedArguments;
}

/**
 * Reads a `streamGenerateContent?alt=sse` body into a MessageBuilder. Shared by the Gemini API and Vertex
 * AI, whose streams are the same: each SSE event is one GenerateContentResponse.
 */
export async function readGeminiStream(
  body: AsyncIterable<Uint8Array>,
  builder: MessageBuilder,
  provider: string,
): Promise<void> {
  const parser = new GeminiStreamParser(builder, provider);
  const decoder = new SseDecoder((event) => parser.data(event.data));
  try {
    for await (const chunk of body) decoder.push(chunk);
    decoder.end();
    parser.finish();
  } finally {
    // Usage counts even when the turn failed: the tokens were generated and billed.
    parser.settleUsage();
  }
}

/**
 * Turns GenerateContentResponse chunks into content blocks. Only the first candidate is read (Elyra asks
 * for one). Consecutive text parts form one text block and consecutive thought parts one thinking block;
 * a `thoughtSignature` is kept on the block (or tool call) whose part carried it, and a second signature
 * in one run starts a new block, so each can be replayed with the text it came with.
 */
export class GeminiStreamParser {
  private textIndex: number | undefined;
  private thinkingIndex: number | undefined;
  private openCall: OpenCall | undefined;
  private finishReason: string | undefined;
  private finishMessage: string | undefined;
  private usage: Payload | undefined;

  constructor(
    private readonly builder: MessageBuilder,
    private readonly provider: string,
  ) {}

  /** One SSE `data` payload. Throws a ProviderError for an error in the stream. */
  data(data: string): void {
    if (data.length === 0) return;
    const payload = parseJson(data, this.provider);
    if (Array.isArray(payload)) {
      for (const item of payload) this.chunk(item);
    } else {
      this.chunk(payload);
    }
  }

  /** The body ended: close what is open and settle the stop reason, or throw why the turn failed. */
  finish(): void {
    const reason = this.finishReason;
    if (reason === undefined) {
      throw new ProviderError({
        provider: this.provider,
        kind: "network",
        message: `${this.provider}: the response stream ended before Gemini finished (no finishReason)`,
        retryable: true,
      });
    }
    this.closeCall();
    if (reason === "STOP") {
      this.builder.message.stopReason = this.builder.hasToolCalls() ? "toolUse" : "stop";
      return;
    }
    if (reason === "MAX_TOKENS") {
      this.builder.message.stopReason = "length";
      return;
    }
    throw finishError(this.provider, reason, this.finishMessage);
  }

  /**
   * The last usageMetadata with token counts wins: Gemini repeats running totals in every chunk.
   * Thought tokens are output; cached prompt tokens are reported inside `promptTokenCount`. The prompts of
   * built-in tools (search grounding, code execution) come in `toolUsePromptTokenCount`, outside
   * `promptTokenCount` but inside `totalTokenCount`, and are billed as input.
   */
  settleUsage(): void {
    const usage = this.usage;
    if (!usage) return;
    const prompt = count(usage.promptTokenCount);
    const cached = Math.min(count(usage.cachedContentTokenCount), prompt);
    this.builder.setUsage({
      input: prompt - cached + count(usage.toolUsePromptTokenCount),
      output: count(usage.candidatesTokenCount) + count(usage.thoughtsTokenCount),
      cacheRead: cached,
      cacheWrite: 0,
    });
  }

  private chunk(value: unknown): void {
    if (!isRecord(value)) return;
    if (isRecord(value.error) || typeof value.error === "string") throw this.streamError(value);
    const usage = value.usageMetadata;
    if (isRecord(usage) && hasCounts(usage)) this.usage = usage;
    if (typeof value.responseId === "string" && this.builder.message.responseId === undefined) {
      this.builder.message.responseId = value.responseId;
    }
    const candidate = firstCandidate(value.candidates);
    if (candidate) this.candidate(candidate);
    const feedback = value.promptFeedback;
    if (isRecord(feedback) && typeof feedback.blockReason === "string") {
      throw blockedPromptError(this.provider, feedback.blockReason, stringOf(feedback.blockReasonMessage));
    }
  }

  private candidate(candidate: Payload): void {
    const content = candidate.content;
    const parts = isRecord(content) ? content.parts : undefined;
    if (Array.isArray(parts)) {
      for (const part of parts) if (isRecord(part)) this.part(part);
    }
    if (typeof candidate.finishReason === "string") {
      this.finishReason = candidate.finishReason;
      this.finishMessage = stringOf(candidate.finishMessage);
    }
  }

  private part(part: Payload): void {
    const signature = stringOf(part.thoughtSignature);
    if (isRecord(part.functionCall)) this.functionCall(part.functionCall, signature);
    else if (isRecord(part.executableCode)) this.executableCode(part.executableCode, signature);
    else if (isRecord(part.codeExecutionResult)) this.codeResult(part.codeExecutionResult, signature);
    else this.textPart(part, signature);
  }

  /** Text or thought text; other part kinds (inline images, file data, anything new) are skipped. */
  private textPart(part: Payload, signature: string | undefined): void {
    const text = typeof part.text === "string" ? part.text : undefined;
    // A part holding only a signature (text, if any, empty) still has to be kept for replay.
    if (text === undefined && signature === undefined) return;
    if (part.thought === true) this.thought(text ?? "", signature);
    else this.answer(text ?? "", signature);
  }

  private answer(text: string, signature: string | undefined): void {
    this.thinkingIndex = undefined;
    const index = this.textIndex;
    if (index === undefined || (signature !== undefined && this.signed(index))) {
      if (text.length === 0 && signature === undefined) return;
      this.textIndex = this.builder.beginText(signature);
    } else if (signature !== undefined) {
      this.builder.setSignature(index, signature);
    }
    this.builder.appendText(this.textIndex!, text);
  }

  private thought(text: string, signature: string | undefined): void {
    this.textIndex = undefined;
    const index = this.thinkingIndex;
    if (index === undefined || (signature !== undefined && this.signed(index))) {
      if (text.length === 0 && signature === undefined) return;
      this.thinkingIndex = this.builder.beginThinking(signature === undefined ? {} : { signature });
    } else if (signature !== undefined) {
      this.builder.setSignature(index, signature);
    }
    this.builder.appendThinking(this.thinkingIndex!, text);
  }

  private signed(index: number): boolean {
    return this.builder.message.content[index]?.signature !== undefined;
  }

  /**
   * A function call. The Gemini API sends each one whole; Vertex can stream one over several parts
   * (`willContinue`), where every following functionCall part continues it until one arrives without
   * `willContinue`.
   */
  private functionCall(call: Payload, signature: string | undefined): void {
    this.textIndex = undefined;
    this.thinkingIndex = undefined;
    if (this.openCall) {
      this.continueCall(this.openCall, call, signature);
      return;
    }
    const name = stringOf(call.name);
    // `{}` parts carry nothing; without a name there is nothing to call.
    if (name === undefined) return;
    const index = this.builder.beginToolCall(stringOf(call.id) ?? newToolCallId(), name);
    if (signature !== undefined) this.builder.setSignature(index, signature);
    const initial = isRecord(call.args) ? call.args : undefined;
    if (call.willContinue === true || Array.isArray(call.partialArgs)) {
      this.openCall = { index, args: new StreamedArguments(initial) };
      this.continueCall(this.openCall, call, undefined);
      return;
    }
    const args = initial ?? {};
    this.builder.appendToolArguments(index, JSON.stringify(args));
    this.builder.endToolCall(index, args);
  }

  private continueCall(open: OpenCall, call: Payload, signature: string | undefined): void {
    if (signature !== undefined && !this.signed(open.index)) this.builder.setSignature(open.index, signature);
    const fragments = call.partialArgs;
    if (Array.isArray(fragments)) {
      for (const fragment of fragments)
        this.builder.appendToolArguments(open.index, open.args.apply(fragment));
    }
    if (call.willContinue !== true) this.closeCall();
  }

  private closeCall(): void {
    const open = this.openCall;
    if (!open) return;
    this.openCall = undefined;
    this.builder.appendToolArguments(open.index, open.args.close());
    this.builder.endToolCall(open.index, open.args.args);
  }

  /**
   * Code Gemini ran with its built-in code execution tool, and what it printed, shown as fenced text
   * blocks of their own: Elyra has no block type for server-side tools, and without them the answer would
   * cite results the user never saw. Replayed, they read as the model's own words, which they were.
   */
  private executableCode(code: Payload, signature: string | undefined): void {
    const language = (stringOf(code.language) ?? "").toLowerCase();
    this.standalone(
      fence(language === "language_unspecified" ? "" : language, stringOf(code.code) ?? ""),
      signature,
    );
  }

  private codeResult(result: Payload, signature: string | undefined): void {
    const outcome = stringOf(result.outcome);
    const label = outcome === undefined || outcome === "OUTCOME_OK" ? "output" : `output (${outcome})`;
    this.standalone(`${label}:\n${fence("", stringOf(result.output) ?? "")}`, signature);
  }

  private standalone(text: string, signature: string | undefined): void {
    this.thinkingIndex = undefined;
    this.textIndex = undefined;
    const index = this.builder.beginText(signature);
    this.builder.appendText(index, text);
  }

  private streamError(payload: Payload): ProviderError {
    const error = payload.error;
    const code = isRecord(error) ? error.code : undefined;
    // Google's numeric `code` is the HTTP status the failure would have had.
    const status = typeof code === "number" && code >= 400 && code < 600 ? code : undefined;
    return providerErrorFromBody(this.provider, status, payload);
  }
}

function parseJson(data: string, provider: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new ProviderError({
      provider,
      kind: "protocol",
      message: `${provider}: the response stream held an event that is not JSON`,
      retryable: false,
    });
  }
}

function firstCandidate(candidates: unknown): Payload | undefined {
  if (!Array.isArray(candidates)) return undefined;
  for (const candidate of candidates) {
    if (isRecord(candidate) && (candidate.index === undefined || candidate.index === 0)) return candidate;
  }
  return undefined;
}

function hasCounts(usage: Payload): boolean {
  return typeof usage.promptTokenCount === "number" || typeof usage.candidatesTokenCount === "number";
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function fence(language: string, body: string): string {
  const newline = body.endsWith("\n") ? "" : "\n";
  return `\`\`\`${language}\n${body}${newline}\`\`\`\n`;
}

/** Gemini seldom names its calls, but a tool result must point at one: the id is Elyra's own. */
function newToolCallId(): string {
  return `call_${randomBytes(12).toString("hex")}`;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
