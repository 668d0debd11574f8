import {
  type AssistantStream,
  type Context,
  type Model,
  runStream,
  type StreamOptions,
  sendRequest,
} from "@elyra/provider-kit";
import { buildGeminiRequest } from "./gemini-request.js";
import { readGeminiStream } from "./gemini-stream.js";

/** Where a GenerateContent stream is requested and with which headers (credential included). */
export interface GeminiEndpoint {
  url: string;
  headers: Record<string, string>;
}

/**
 * One streamed GenerateContent call: the request body and the stream parser are Google's for every
 * surface; the caller supplies the URL and the authentication (an API key here, OAuth for Vertex).
 */
export function streamGenerateContent(
  model: Model,
  context: Context,
  options: StreamOptions | undefined,
  endpoint: (model: Model, options: StreamOptions | undefined) => GeminiEndpoint,
): AssistantStream {
  return runStream(model, options, async (builder, signal) => {
    const { url, headers } = endpoint(model, options);
    const response = await sendRequest({
      provider: model.provider,
      url,
      headers,
      body: JSON.stringify(buildGeminiRequest(model, context, options)),
      signal,
      retry: options?.retry,
      timeouts: options?.timeouts,
      onRequest: options?.onRequest,
    });
    await readGeminiStream(response.body, builder, model.provider);
  });
}
