import { type HttpResponse, type Model, type StreamOptions, sendRequest } from "@elyra/provider-kit";
import { endpoint, requestHeaders } from "./request-headers.js";

/** POSTs one streamed request to `{baseUrl}/{path}`: the part both OpenAI wire APIs share. */
export function sendOpenAIRequest(
  model: Model,
  path: string,
  body: unknown,
  options: StreamOptions | undefined,
  signal: AbortSignal | undefined,
): Promise<HttpResponse> {
  return sendRequest({
    provider: model.provider,
    url: endpoint(model.baseUrl, path),
    headers: requestHeaders(model, options),
    body: JSON.stringify(body),
    signal,
    retry: options?.retry,
    timeouts: options?.timeouts,
    onRequest: options?.onRequest,
  });
}
