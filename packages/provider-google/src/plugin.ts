import type { ProviderPlugin } from "@elyra/provider-kit";
import { googleGenerativeAi } from "./google-generative-ai.js";
import { GOOGLE_MODELS } from "./models.js";

/** What the registry loads: the Gemini API and the `google` provider (Google AI Studio keys). */
export const googlePlugin: ProviderPlugin = {
  name: "@elyra/provider-google",
  apis: [googleGenerativeAi],
  providers: [
    {
      id: "google",
      name: "Google Gemini",
      api: "google-generative-ai",
      baseUrl: "https://generativelanguage.googleapis.com/v1beta",
      env: ["GEMINI_API_KEY"],
      models: GOOGLE_MODELS,
      defaultModel: "gemini-2.5-pro",
    },
  ],
};
