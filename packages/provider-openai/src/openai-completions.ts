import {
  type ApiImplementation,
  type AssistantStream,
  type Context,
  type MessageBuilder,
  type Model,
  runStream,
  type StreamOptions,
} from "@elyra/provider-kit";
import { CompletionsParser } from "./completions-parser.js";
import { completionsBody } from "./completions-request.js";
import { pumpSse } from "./pump-sse.js";
import { credentialSecrets } from "./request-headers.js";
import { sendOpenAIRequest } from "./send-openai-request.js";

/**
 * The OpenAI Chat Completions wire API (`POST {baseUrl}/chat/completions`, streamed), spoken by OpenAI and
 * most OpenAI-compatible vendors; their differences are `model.compat` flags.
 */
export const openaiCompletions: ApiImplementation = {
  api: "openai-completions",
  stream(model: Model, context: Context, options?: StreamOptions): AssistantStream {
    return runStream(model, options, async (builder, signal) => {
      const response = await sendOpenAIRequest(
        model,
        "chat/completions",
        completionsBody(model, context, options),
        options,
        signal,
      );
      await readCompletionsStream(response.body, builder, model.provider, credentialSecrets(options));
    });
  },
};

/** Parses a chat-completions SSE body into the builder; exported for parser tests that skip HTTP. */
export async function readCompletionsStream(
  body: AsyncIterable<Uint8Array | string>,
  builder: MessageBuilder,
  provider: string,
  secrets: string[] = [],
): Promise<void> {
  const parser = new CompletionsParser(builder, provider, secrets);
  try {
    await pumpSse(body, parser);
  } finally {
    parser.settle();
  }
  parser.finish();
}
