import { type MockServer, startMockServer } from "@elyra/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiCompletions, openaiResponses } from "../src/index.js";
import { fixtureStreams } from "./fixture-streams.js";
import {
  type Collected,
  collect,
  comparable,
  parseChunks,
  splitAt,
  testModel,
  type WireApi,
} from "./helpers.js";

/** What a consumer sees: the final message and every event with its delta, in order. */
function observed(result: Collected) {
  const events = result.events.map((event) => {
    if ("delta" in event) return `${event.type}@${event.contentIndex}:${event.delta}`;
    if ("contentIndex" in event) return `${event.type}@${event.contentIndex}`;
    return event.type;
  });
  return { events, message: comparable(result.message) };
}

const APIS: WireApi[] = ["openai-completions", "openai-responses"];

describe.each(APIS)("%s: the same message whatever the byte boundaries", (api) => {
  for (const fixture of fixtureStreams(api)) {
    it(fixture.name, async () => {
      const reference = observed(await parseChunks(api, [fixture.bytes]));
      const cuts = fc.array(fc.integer({ min: 1, max: fixture.bytes.length - 1 }), { maxLength: 64 });
      await fc.assert(
        fc.asyncProperty(cuts, async (offsets) => {
          const result = await parseChunks(api, splitAt(fixture.bytes, offsets));
          expect(observed(result)).toEqual(reference);
        }),
        { numRuns: 60 },
      );
      // One byte at a time: every UTF-8 sequence and every CRLF is split.
      const bytewise = Array.from(fixture.bytes, (byte) => Uint8Array.of(byte));
      expect(observed(await parseChunks(api, bytewise))).toEqual(reference);
    });
  }
});

describe.each(APIS)("%s: re-chunked by the HTTP server", (api) => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(() => server.close());

  it("parses every fixture the same when the server writes it in random small pieces", async () => {
    const fixtures = fixtureStreams(api);
    const implementation = api === "openai-completions" ? openaiCompletions : openaiResponses;
    const model = testModel(api, { baseUrl: server.url, reasoning: true });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: fixtures.length - 1 }),
        fc.integer({ min: 1, max: 97 }),
        async (which, chunkSize) => {
          const fixture = fixtures[which]!;
          const reference = observed(await parseChunks(api, [fixture.bytes], model));
          server.enqueue({ kind: "raw", body: fixture.bytes, chunkSize });
          const result = await collect(
            implementation.stream(model, { messages: [] }, { credential: "sk-test-rechunk" }),
          );
          expect(observed(result)).toEqual(reference);
        },
      ),
      { numRuns: 12 },
    );
  });
});
