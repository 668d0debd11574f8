import type { ReasoningLevel } from "@elyra/provider-kit";

/**
 * OpenAI's `reasoning_effort` / `reasoning.effort` for an Elyra reasoning level. OpenAI reasoning models
 * cannot switch reasoning off, so "off" asks for the least there is; "xhigh" passes through for the
 * models that take it.
 */
export function openaiEffort(level: ReasoningLevel): string {
  return level === "off" ? "minimal" : level;
}

/** OpenRouter's `reasoning.effort`, where "none" does switch reasoning off. */
export function openrouterEffort(level: ReasoningLevel): string {
  return level === "off" ? "none" : level;
}
