/**
 * @elyra/provider-google — Google's Gemini models through the Gemini API (`google-generative-ai`, API keys
 * from Google AI Studio). The request builder and stream parser are shared with the coming Vertex AI API.
 */
import { googlePlugin } from "./plugin.js";

// The contract: the plugin the registry loads, its wire API and its models
export { googleGenerativeAi } from "./google-generative-ai.js";
export { GOOGLE_MODELS } from "./models.js";
export default googlePlugin;

// Building blocks for other Google surfaces (Vertex AI): same body, same stream, another URL and credential
export { buildGeminiRequest } from "./gemini-request.js";
export { readGeminiStream } from "./gemini-stream.js";
export type * from "./gemini-types.js";
export { type GeminiEndpoint, streamGenerateContent } from "./generate-content.js";
