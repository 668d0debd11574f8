import { ProviderError, type ProviderErrorKind } from "@elyra/provider-kit";

/** Why a finish reason other than STOP or MAX_TOKENS failed the turn, and whether trying again may help. */
interface Failure {
  what: string;
  kind: ProviderErrorKind;
  retryable: boolean;
}

const CONTENT = { kind: "invalid_request", retryable: false } as const;
const MODEL = { kind: "server", retryable: true } as const;

/**
 * Gemini's `finishReason` values that end a turn without a usable answer
 * (https://ai.google.dev/api/generate-content#FinishReason). A filtered answer is the prompt's or the
 * policy's doing, so resending it will not help; a garbled tool call or response is the model's, and
 * usually does not recur.
 */
const FAILURES: Record<string, Failure> = {
  SAFETY: { what: "stopped the answer: it was flagged by the safety filters", ...CONTENT },
  RECITATION: {
    what: "stopped the answer: it was reciting training data (e.g. copyrighted text)",
    ...CONTENT,
  },
  LANGUAGE: { what: "stopped the answer: it was in a language the model does not support", ...CONTENT },
  BLOCKLIST: { what: "stopped the answer: it contained blocklisted terms", ...CONTENT },
  PROHIBITED_CONTENT: { what: "stopped the answer: it contained prohibited content", ...CONTENT },
  SPII: { what: "stopped the answer: it contained sensitive personal information", ...CONTENT },
  IMAGE_SAFETY: {
    what: "stopped the answer: a generated image was flagged by the safety filters",
    ...CONTENT,
  },
  IMAGE_PROHIBITED_CONTENT: {
    what: "stopped the answer: a generated image contained prohibited content",
    ...CONTENT,
  },
  IMAGE_RECITATION: { what: "stopped the answer: a generated image was reciting training data", ...CONTENT },
  MALFORMED_FUNCTION_CALL: { what: "produced a tool call that could not be parsed", ...MODEL },
  UNEXPECTED_TOOL_CALL: { what: "called a tool that was not offered to it", ...MODEL },
  TOO_MANY_TOOL_CALLS: { what: "made too many tool calls in a row", ...MODEL },
  MALFORMED_RESPONSE: { what: "produced a response that could not be parsed", ...MODEL },
  MISSING_THOUGHT_SIGNATURE: {
    what: "rejected the history: a tool call in it lacks its thought signature",
    kind: "invalid_request",
    retryable: false,
  },
};

const UNKNOWN: Failure = { what: "stopped the answer early", kind: "server", retryable: true };

/** The error for a failed finish reason; `detail` is Gemini's `finishMessage`, when it sent one. */
export function finishError(provider: string, reason: string, detail: string | undefined): ProviderError {
  const failure = FAILURES[reason] ?? UNKNOWN;
  const suffix = detail ? `: ${detail}` : "";
  return new ProviderError({
    provider,
    kind: failure.kind,
    code: reason,
    retryable: failure.retryable,
    message: `${provider}: Gemini ${failure.what} (finishReason ${reason})${suffix}`,
  });
}

/** `promptFeedback.blockReason`: the prompt itself was refused before any answer was generated. */
export function blockedPromptError(
  provider: string,
  reason: string,
  detail: string | undefined,
): ProviderError {
  const suffix = detail ? `: ${detail}` : "";
  return new ProviderError({
    provider,
    kind: "invalid_request",
    code: reason,
    retryable: false,
    message: `${provider}: Gemini refused the prompt (promptFeedback.blockReason ${reason})${suffix}`,
  });
}
