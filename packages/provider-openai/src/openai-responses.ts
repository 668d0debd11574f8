import {
  type ApiImplementation,
  type AssistantStream,
  type Context,
  type MessageBuilder,
  type Model,
  runStream,
  type StreamOptions,
} from "@elyra/provider-kit";
import { pumpSse } from "./pump-sse.js";
import { credentialSecrets } from "./request-headers.js";
import { ResponsesParser } from "./responses-parser.js";
import { responsesBody } from "./responses-request.js";
import { sendOpenAIRequest } from "./send-openai-request.js";

/** The OpenAI Responses wire API (`POST {baseUrl}/responses`, streamed, nothing stored server-side). */
export const openaiResponses: ApiImplementation = {
  api: "openai-responses",
  stream(model: Model, context: Context, options?: StreamOptions): AssistantStream {
    return runStream(model, options, async (builder, signal) => {
      const response = await sendOpenAIRequest(
        model,
        "responses",
        responsesBody(model, context, options),
        options,
        signal,
      );
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
