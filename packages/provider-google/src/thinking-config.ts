import type { Model, ReasoningLevel } from "@elyra/provider-kit";
import type { GeminiThinkingConfig } from "./gemini-types.js";

type Level = Exclude<ReasoningLevel, "off">;

/**
 * Token budgets for Gemini 2.5. Every 2.5 model accepts 512–24576 (Flash-Lite's floor is 512, Flash's
 * ceiling 24576), so these work everywhere; a model with a wider range says so in `geminiThinkingValues`.
 */
const BUDGETS: Record<Level, number> = { minimal: 512, low: 2048, medium: 8192, high: 24576, xhigh: 24576 };

/** Gemini 3 levels, spelled as the API's enum. Gemini 3 has nothing above HIGH. */
const LEVELS: Record<Level, string> = {
  minimal: "MINIMAL",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
  xhigh: "HIGH",
};

/**
 * The `thinkingConfig` for a reasoning level, or none. "off" sends nothing rather than a zero budget:
 * Gemini 2.5 Pro and every Gemini 3 model reject a request to stop thinking, and without `includeThoughts`
 * no thought text is streamed.
 */
export function thinkingConfig(
  model: Model,
  reasoning: ReasoningLevel | undefined,
): GeminiThinkingConfig | undefined {
  if (!model.reasoning || reasoning === undefined || reasoning === "off") return undefined;
  const override = model.compat?.geminiThinkingValues?.[reasoning];
  if (model.compat?.geminiThinking === "level") {
    return {
      includeThoughts: true,
      thinkingLevel: typeof override === "string" ? override : LEVELS[reasoning],
    };
  }
  return {
    includeThoughts: true,
    thinkingBudget: typeof override === "number" ? override : BUDGETS[reasoning],
  };
}
