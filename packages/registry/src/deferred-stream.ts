import type { AssistantStream } from "@elyra/provider-kit";

/**
 * An AssistantStream available at once for one that is still being set up (credential lookup, package import).
 * `pending` must not reject: setup failures are themselves streams that end in an error event.
 */
export function deferredStream(pending: Promise<AssistantStream>): AssistantStream {
  return {
    async *[Symbol.asyncIterator]() {
      yield* await pending;
    },
    result: async () => (await pending).result(),
  };
}
