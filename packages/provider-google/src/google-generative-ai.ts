import { type ApiImplementation, type Model, mergeHeaders, type StreamOptions } from "@elyra/provider-kit";
import { type GeminiEndpoint, streamGenerateContent } from "./generate-content.js";

const DEFAULT_HEADERS = { "content-type": "application/json", accept: "text/event-stream" };

/**
 * The Gemini API (Google AI Studio keys): `POST {baseUrl}/models/{id}:streamGenerateContent?alt=sse`. The
 * key travels in `x-goog-api-key`, never in the URL's `?key=`, so it stays out of proxy and access logs.
 */
export const googleGenerativeAi: ApiImplementation = {
  api: "google-generative-ai",
  stream: (model, context, options) => streamGenerateContent(model, context, options, apiKeyEndpoint),
};

function apiKeyEndpoint(model: Model, options: StreamOptions | undefined): GeminiEndpoint {
  const base = model.baseUrl.replace(/\/+$/, "");
  const credential = options?.credential ? { "x-goog-api-key": options.credential } : undefined;
  return {
    url: `${base}/models/${encodeURIComponent(model.id)}:streamGenerateContent?alt=sse`,
    headers: mergeHeaders(DEFAULT_HEADERS, model.headers, credential, options?.headers),
  };
}
