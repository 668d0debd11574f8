import { fixtureAsSse, listFixtures, type MockServer, startMockServer } from "@elyra/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleGenerativeAi } from "../src/index.js";
import { API_KEY, collect, comparable, parseChunks, splitAt, testModel } from "./helpers.js";

const FIXTURES = listFixtures("google-gemini").map((path) => ({
  path,
  bytes: new Uint8Array(fixtureAsSse(path, { eventNames: false, done: false })),
}));

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

describe("byte boundaries", () => {
  for (const { path, bytes } of FIXTURES) {
    it(`gives the same message for ${path} however it is split`, async () => {
      const whole = await collect(parseChunks([bytes]));
      expect(whole.message.stopReason).not.toBe("error");
      const expected = comparable(whole.message);
      // Split points anywhere: inside CRLFs, inside multi-byte characters, one byte per chunk.
      const offsets = fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 64 });
      await fc.assert(
        fc.asyncProperty(offsets, async (points) => {
          const { message } = await collect(parseChunks(splitAt(bytes, points)));
          expect(comparable(message)).toEqual(expected);
        }),
        { numRuns: 100 },
      );
      const { message } = await collect(parseChunks([...bytes].map((byte) => Uint8Array.of(byte))));
      expect(comparable(message)).toEqual(expected);
    });

    it(`gives the same message for ${path} in small chunks over HTTP`, async () => {
      const whole = await collect(parseChunks([bytes]));
      server.enqueue({ kind: "raw", body: bytes, chunkSize: 7 });
      const stream = googleGenerativeAi.stream(
        testModel(server.url),
        { messages: [{ role: "user", content: "hi" }] },
        {
          credential: API_KEY,
        },
      );
      const { message } = await collect(stream);
      expect(comparable(message)).toEqual(comparable(whole.message));
    });
  }
});
