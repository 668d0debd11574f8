import type { StreamEvent } from "@elyra/provider-kit";
import { fixtureAsSse, listFixtures } from "@elyra/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collect, parseChunks, splitAt, terminals } from "./helpers.js";

/**
 * Whatever arrives, a stream ends in exactly one terminal event, last, with a message that says why it
 * failed. Parsed in-process so that ten thousand cases take seconds.
 */
async function endsCleanly(chunks: Uint8Array[]): Promise<StreamEvent> {
  const { events, message } = await collect(parseChunks(chunks));
  const ends = terminals(events);
  expect(ends).toHaveLength(1);
  expect(events.at(-1)).toBe(ends[0]);
  expect(events[0]?.type).toBe("start");
  const end = ends[0]!;
  if (end.type === "error") {
    // The parser's own ProviderErrors have no cause; a crash (a TypeError, say) would be wrapped as one.
    expect(end.error.cause).toBeUndefined();
    expect(message.stopReason).toBe("error");
    expect(message.errorMessage).toMatch(/^google/);
  } else {
    expect(["stop", "length", "toolUse"]).toContain(message.stopReason);
  }
  return end;
}

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text);

const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
// Wrong types where objects are expected; lighter than fc.anything, so 4,000 cases stay fast.
const junk = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string(), scalar, { maxKeys: 3 }),
);

/** Parts shaped like Gemini's, with wrong types mixed in. */
const part = fc.record(
  {
    text: fc.oneof(fc.string(), junk),
    thought: fc.oneof(fc.boolean(), junk),
    thoughtSignature: fc.oneof(fc.base64String(), junk),
    functionCall: fc.oneof(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom("read", "bash", ""), junk),
          id: fc.oneof(fc.string(), junk),
          args: fc.oneof(fc.dictionary(fc.string(), scalar), junk),
          willContinue: fc.oneof(fc.boolean(), junk),
          partialArgs: fc.oneof(
            fc.array(
              fc.record(
                {
                  jsonPath: fc.oneof(
                    fc.constantFrom("$.a", "$.a.b", "$.list[0]", "$['x y']", "$", "$..a", "$.__proto__.p"),
                    fc.string(),
                  ),
                  stringValue: fc.oneof(fc.string(), junk),
                  numberValue: fc.oneof(fc.double(), junk),
                  boolValue: fc.oneof(fc.boolean(), junk),
                  nullValue: fc.constant("NULL_VALUE"),
                  willContinue: fc.oneof(fc.boolean(), junk),
                },
                { requiredKeys: [] },
              ),
            ),
            junk,
          ),
        },
        { requiredKeys: [] },
      ),
      junk,
    ),
    executableCode: fc.oneof(
      fc.record({ language: fc.string(), code: fc.string() }, { requiredKeys: [] }),
      junk,
    ),
    codeExecutionResult: fc.oneof(
      fc.record({ outcome: fc.string(), output: fc.string() }, { requiredKeys: [] }),
      junk,
    ),
  },
  { requiredKeys: [] },
);

const chunk = fc.record(
  {
    candidates: fc.oneof(
      fc.array(
        fc.record(
          {
            content: fc.oneof(
              fc.record({
                role: fc.constant("model"),
                parts: fc.oneof(fc.array(part, { maxLength: 4 }), junk),
              }),
              junk,
            ),
            finishReason: fc.oneof(
              fc.constantFrom("STOP", "MAX_TOKENS", "SAFETY", "OTHER", "MALFORMED_FUNCTION_CALL"),
              junk,
            ),
            finishMessage: fc.oneof(fc.string(), junk),
            index: fc.oneof(fc.constantFrom(0, 1), junk),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      junk,
    ),
    usageMetadata: fc.oneof(
      fc.record(
        {
          promptTokenCount: fc.oneof(fc.nat(), scalar),
          candidatesTokenCount: fc.oneof(fc.nat(), scalar),
          thoughtsTokenCount: fc.oneof(fc.nat(), scalar),
          cachedContentTokenCount: fc.oneof(fc.nat(), scalar),
        },
        { requiredKeys: [] },
      ),
      junk,
    ),
    promptFeedback: fc.oneof(fc.record({ blockReason: fc.string() }, { requiredKeys: [] }), junk),
    error: fc.oneof(fc.record({ code: fc.integer(), message: fc.string(), status: fc.string() }), junk),
    responseId: fc.oneof(fc.string(), junk),
  },
  { requiredKeys: [] },
);

const offsets = fc.array(fc.nat({ max: 4096 }), { maxLength: 12 });

describe("hostile input", () => {
  it("ends cleanly on random bytes (4,000 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), offsets, async (bytes, points) => {
        await endsCleanly(splitAt(bytes, points));
      }),
      { numRuns: 4000 },
    );
  });

  it("ends cleanly on random SSE framing of random text (1,000 cases)", async () => {
    const line = fc.oneof(
      fc.string().map((s) => `data: ${s}`),
      fc.constantFrom("", ":", ": keep-alive", "event: x", "data:", "data: [DONE]", "data: {}"),
    );
    const eol = fc.constantFrom("\n", "\r\n", "\r");
    const framed = fc
      .array(fc.tuple(line, eol), { maxLength: 20 })
      .map((lines) => lines.map(([l, e]) => l + e).join(""));
    await fc.assert(
      fc.asyncProperty(framed, offsets, async (text, points) => {
        await endsCleanly(splitAt(bytesOf(text), points));
      }),
      { numRuns: 1000 },
    );
  });

  it("ends cleanly on random GenerateContentResponse-shaped chunks (4,000 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 6 }), offsets, async (chunks, points) => {
        const text = chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join("");
        const end = await endsCleanly(splitAt(bytesOf(text), points));
        const finished = chunks.some((c) => JSON.stringify(c).includes('"finishReason"'));
        if (!finished) expect(end.type).toBe("error");
      }),
      { numRuns: 4000 },
    );
  });

  it("keeps partial content when a recorded stream is cut anywhere (every fixture, 2,000 cases)", async () => {
    const fixtures = listFixtures("google-gemini").map(
      (path) => new Uint8Array(fixtureAsSse(path, { eventNames: false, done: false })),
    );
    const wholes = await Promise.all(fixtures.map((bytes) => collect(parseChunks([bytes]))));
    const cut = fc
      .integer({ min: 0, max: fixtures.length - 1 })
      .chain((i) => fc.tuple(fc.constant(i), fc.integer({ min: 0, max: fixtures[i]!.length })));
    await fc.assert(
      fc.asyncProperty(cut, offsets, async ([i, at], points) => {
        const bytes = fixtures[i]!;
        const full = wholes[i]!;
        const end = await endsCleanly(splitAt(bytes.subarray(0, at), points));
        if (at === bytes.length) {
          expect(end.type).toBe("done");
          return;
        }
        if (end.type !== "error") return;
        // What was kept is a prefix of the full answer: no block invented, none reordered.
        const partial = end.message.content;
        expect(partial.length).toBeLessThanOrEqual(full.message.content.length);
        partial.forEach((block, k) => {
          const whole = full.message.content[k]!;
          expect(block.type).toBe(whole.type);
          if (block.type === "text")
            expect((whole as { text: string }).text.startsWith(block.text)).toBe(true);
          if (block.type === "thinking")
            expect((whole as { thinking: string }).thinking.startsWith(block.thinking)).toBe(true);
          if (block.type === "toolCall") expect(block.name).toBe((whole as { name: string }).name);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
