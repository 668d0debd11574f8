import {
  type ApiImplementation,
  type Context,
  type Model,
  mergeHeaders,
  runStream,
  type StreamOptions,
  sendRequest,
} from "@elyra/provider-kit";
import { credentialHeader } from "./credential-header.js";
import { buildMessagesRequest } from "./messages-request.js";
import { MessagesStreamParser, readMessagesStream } from "./messages-stream.js";

const ANTHROPIC_VERSION = "2023-06-01";

/** The `anthropic-messages` wire API: `POST {baseUrl}/v1/messages` with `stream: true`. */
export const anthropicMessages: ApiImplementation = {
  api: "anthropic-messages",
  stream(model: Model, context: Context, options?: StreamOptions) {
    return runStream(model, options, async (builder, signal) => {
      const headers = requestHeaders(model, options);
      const body = JSON.stringify(buildMessagesRequest(model, context, options));
      const response = await sendRequest({
        provider: model.provider,
        url: messagesUrl(model.baseUrl),
        headers,
        body,
        signal,
        retry: options?.retry,
        timeouts: options?.timeouts,
        onRequest: options?.onRequest,
      });
      const parser = new MessagesStreamParser(builder, model.provider, response.headers);
      await readMessagesStream(response.body, parser, signal);
    });
  },
};

/** The API's defaults, then the model's headers, then the caller's: later ones win. */
function requestHeaders(model: Model, options: StreamOptions | undefined): Record<string, string> {
  const defaults = {
    "content-type": "application/json",
    accept: "text/event-stream",
    "anthropic-version": ANTHROPIC_VERSION,
    ...credentialHeader(options?.credential, model.compat),
  };
  return mergeHeaders(defaults, model.headers, options?.headers);
}

/** The base URL is the API root, as Anthropic's SDKs take it (`https://api.anthropic.com`). */
function messagesUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/v1/messages`;
}
