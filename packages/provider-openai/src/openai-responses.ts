import {
  type ApiImplementation,
  type AssistantStream,
  type Context,
  type MessageBuilder,
  type Model,
  runStream,
  type StreamOptions,
  sendRequest,
} from "@elyra/provider-kit";
import { pumpSse } from "./pump-sse.js";
import { credentialSecrets, endpoint, requestHeaders } from "./request-headers.js";
import { ResponsesParser } from "./responses-parser.js";
import { responsesBody } from "./responses-request.js";

/** The OpenAI Responses wire API (`POST {baseUrl}/responses`, streamed, nothing stored server-side). */
export const openaiResponses: ApiImplementation = {
  api: "openai-responses",
  stream(model: Model, context: Context, options?: StreamOptions): AssistantStream {
    return runStream(model, options, async (builder, signal) => {
      const response = await sendRequest({
        provider: model.provider,
        url: endpoint(model.baseUrl, "responses"),
        headers: requestHeaders(model, options),
        body: JSON.stringify(responsesBody(model, context, options)),
        signal,
        retry: options?.retry,
        timeouts: options?.timeouts,
        onRequest: options?.onRequest,
      });
      await readResponsesStream(response.body, builder, model.provider, credentialSecrets(options));
    });
  },
};

/** Parses a Responses SSE body into the builder; exported for parser tests that skip HTTP. */
export async function readResponsesStream(
  body: AsyncIterable<Uint8Array | string>,
  builder: MessageBuilder,
  provider: string,
  secrets: string[] = [],
): Promise<void> {
  const parser = new ResponsesParser(builder, provider, secrets);
  await pumpSse(body, parser);
  parser.finish();
}
