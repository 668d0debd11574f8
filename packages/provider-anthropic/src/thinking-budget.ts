import type { Model, ReasoningLevel } from "@elyra/provider-kit";

/**
 * Thinking tokens per reasoning level. 1024 is the API's minimum; each step roughly doubles or more, and
 * "xhigh" stays within the output limit of the Claude 4 models (32k–64k).
 */
export const THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningLevel, "off">, number>> = {
  minimal: 1024,
  low: 4096,
  medium: 10240,
  high: 20480,
  xhigh: 32768,
};

const MIN_BUDGET = 1024;
/** Room left for the answer when a budget has to be fitted under the model's output limit. */
const MIN_ANSWER_TOKENS = 1024;

export interface OutputPlan {
  maxTokens: number;
  /** Absent: no `thinking` in the request. */
  thinkingBudget?: number;
}

/**
 * `max_tokens` and the thinking budget for a request. Thinking counts against `max_tokens`, and the budget
 * must be below it, so when the requested limit leaves less than MIN_ANSWER_TOKENS beside the budget, the
 * requested limit becomes the room for the answer: max_tokens = budget + requested, capped at the model's
 * limit. If even the model's limit is too small, the budget shrinks; below the API minimum, no thinking.
 */
export function planOutput(
  model: Model,
  requested: number | undefined,
  level: ReasoningLevel | undefined,
): OutputPlan {
  const maxTokens = requested ?? model.maxTokens;
  if (!model.reasoning || level === undefined || level === "off") return { maxTokens };
  let budget = THINKING_BUDGETS[level];
  if (budget + MIN_ANSWER_TOKENS <= maxTokens) return { maxTokens, thinkingBudget: budget };
  const raised = Math.min(budget + maxTokens, Math.max(model.maxTokens, maxTokens));
  if (budget + MIN_ANSWER_TOKENS > raised) budget = raised - MIN_ANSWER_TOKENS;
  if (budget < MIN_BUDGET) return { maxTokens };
  return { maxTokens: raised, thinkingBudget: budget };
}
