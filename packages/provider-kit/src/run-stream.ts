import type { StreamOptions } from "./api.js";
import { type ProviderError, toProviderError } from "./errors.js";
import { EventStream } from "./event-stream.js";
import type { AssistantStream } from "./events.js";
import { MessageBuilder } from "./message-builder.js";
import type { Model } from "./model.js";

/**
 * Runs one wire API's request-and-parse body and turns its outcome into exactly one terminal event.
 * The body sets `builder.message.stopReason` and returns; anything it throws, and any abort, becomes an
 * `error` event whose message keeps the content that arrived before.
 */
export function runStream(
  model: Model,
  options: StreamOptions | undefined,
  body: (builder: MessageBuilder, signal: AbortSignal | undefined) => Promise<void>,
): AssistantStream {
  const stream = new EventStream();
  const builder = new MessageBuilder(model, (event) => stream.push(event));
  const signal = options?.signal;
  // The user's abort ends the stream at once, even when the body is stuck somewhere that does not watch
  // the signal; what it does afterwards cannot reach the consumer (the stream is closed, and the
  // terminal message is a copy).
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    stream.push({ type: "start", partial: builder.message });
  };
  const onAbort = () => {
    start();
    abortNow(stream, builder, toProviderError(signal?.reason, model.provider, signal));
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  queueMicrotask(() => {
    start();
    execute(builder, signal, body)
      .finally(() => signal?.removeEventListener("abort", onAbort))
      .then(
        () => finish(stream, builder),
        // An abort wins over whatever the body threw on its way out: a wire API may have wrapped the
        // cancellation in an error of its own, and the user asked to stop either way.
        (error: unknown) =>
          fail(
            stream,
            builder,
            toProviderError(signal?.aborted ? signal.reason : error, model.provider, signal),
          ),
      );
  });
  return stream;
}

async function execute(
  builder: MessageBuilder,
  signal: AbortSignal | undefined,
  body: (builder: MessageBuilder, signal: AbortSignal | undefined) => Promise<void>,
): Promise<void> {
  signal?.throwIfAborted();
  await body(builder, signal);
  // A body that finished after an abort still counts as aborted: the user asked to stop.
  signal?.throwIfAborted();
}

function finish(stream: EventStream, builder: MessageBuilder): void {
  builder.endOpenToolCalls();
  const message = builder.message;
  const reason =
    message.stopReason === "length" || message.stopReason === "toolUse" ? message.stopReason : "stop";
  message.stopReason = reason;
  stream.push({ type: "done", reason, message });
}

function abortNow(stream: EventStream, builder: MessageBuilder, error: ProviderError): void {
  if (stream.isClosed()) return;
  builder.salvageOpenToolCalls();
  const message = structuredClone(builder.message);
  message.stopReason = "aborted";
  message.errorMessage = error.message;
  stream.push({ type: "error", reason: "aborted", error, message });
}

function fail(stream: EventStream, builder: MessageBuilder, error: ProviderError): void {
  builder.salvageOpenToolCalls();
  const message = builder.message;
  message.stopReason = error.kind === "aborted" ? "aborted" : "error";
  message.errorMessage = error.message;
  stream.push({ type: "error", reason: message.stopReason, error, message });
}
