import type { Compat, Model } from "@elyra/provider-kit";

const BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

/** Gemini 3: thinking levels, and tool calls must carry thought signatures. */
const GEMINI_3: Compat = { geminiThinking: "level", requiresThoughtSignatures: true };

/**
 * The Gemini API models Elyra knows by default. Prices are Google's list prices in $ per 1M tokens for
 * prompts up to 200k tokens (ai.google.dev/gemini-api/docs/pricing); longer prompts cost more on Pro
 * models, which one flat table cannot say. Cached input is billed at the context-caching rate; implicit
 * caching has no write charge.
 */
export const GOOGLE_MODELS: Model[] = [
  gemini(
    "gemini-2.5-pro",
    "Gemini 2.5 Pro",
    { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
    {
      geminiThinking: "budget",
      geminiThinkingValues: { xhigh: 32768 },
    },
  ),
  gemini(
    "gemini-2.5-flash",
    "Gemini 2.5 Flash",
    { input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0 },
    {
      geminiThinking: "budget",
    },
  ),
  gemini(
    "gemini-2.5-flash-lite",
    "Gemini 2.5 Flash-Lite",
    { input: 0.1, output: 0.4, cacheRead: 0.01, cacheWrite: 0 },
    { geminiThinking: "budget" },
  ),
  gemini(
    "gemini-3-pro-preview",
    "Gemini 3 Pro (preview)",
    { input: 2, output: 12, cacheRead: 0.2, cacheWrite: 0 },
    {
      ...GEMINI_3,
      // Gemini 3 Pro knows only LOW and HIGH.
      geminiThinkingValues: { minimal: "LOW", medium: "HIGH" },
    },
  ),
  gemini(
    "gemini-3-flash-preview",
    "Gemini 3 Flash (preview)",
    { input: 0.5, output: 3, cacheRead: 0.05, cacheWrite: 0 },
    GEMINI_3,
  ),
];

function gemini(id: string, name: string, cost: Model["cost"], compat: Compat): Model {
  return {
    provider: "google",
    id,
    name,
    api: "google-generative-ai",
    baseUrl: BASE_URL,
    reasoning: true,
    input: ["text", "image"],
    contextWindow: 1_048_576,
    maxTokens: 65_536,
    cost,
    compat,
  };
}
