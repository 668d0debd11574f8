import { SseDecoder, type SseEvent } from "@elyra/provider-kit";

/** What the SSE pump drives: one call per event, and whether the response has said all it will say. */
export interface SseConsumer {
  event(event: SseEvent): void;
  readonly complete: boolean;
}

/**
 * Feeds a response body through one SSE decoder into a parser. It stops reading as soon as the parser
 * is complete, which releases the connection even if a server keeps it open after its last event.
 * A parser that throws (an error event, a bad payload) ends the read with that error.
 */
export async function pumpSse(
  body: AsyncIterable<Uint8Array | string>,
  consumer: SseConsumer,
): Promise<void> {
  const decoder = new SseDecoder((event) => {
    if (!consumer.complete) consumer.event(event);
  });
  for await (const chunk of body) {
    decoder.push(chunk);
    if (consumer.complete) return;
  }
  decoder.end();
}
