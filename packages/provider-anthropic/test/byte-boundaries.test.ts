import { fixtureAsSse, listFixtures } from "@elyra/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collect, parseChunks, snapshot } from "./helpers.js";

const FILES = listFixtures("anthropic-messages");

/** Cut `bytes` at the given offsets (any order, duplicates allowed): anywhere, even inside a UTF-8 character. */
function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    out.push(bytes.subarray(start, cut));
    start = cut;
  }
  out.push(bytes.subarray(start));
  return out;
}

describe("byte boundaries", () => {
  for (const file of FILES) {
    it(`${file}: the same message however the bytes are split`, async () => {
      const bytes = new Uint8Array(fixtureAsSse(file, { eventNames: true, done: false }));
      const whole = await collect(parseChunks([bytes]));
      expect(whole.terminal.type).toBe("done");
      const expected = snapshot(whole.message);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 64 }), async (offsets) => {
          const split = await collect(parseChunks(splitAt(bytes, offsets)));
          expect(snapshot(split.message)).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("a stream split into single bytes, CRLF line ends included", async () => {
    const file = "anthropic-messages/anthropic-claude-sonnet-4.6-compaction-cache-read-emoji.sse";
    const lf = fixtureAsSse(file, { eventNames: true, done: false }).toString("utf8");
    const crlf = Buffer.from(lf.replace(/\n/g, "\r\n"), "utf8");
    const whole = snapshot((await collect(parseChunks([lf]))).message);
    const bytes = [...crlf].map((byte) => Uint8Array.of(byte));
    expect(snapshot((await collect(parseChunks(bytes))).message)).toEqual(whole);
  });
});
