import { type AssistantMessage, ProviderError } from "@elyra/provider-kit";
import { fixtureAsSse, listFixtures } from "@elyra/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Collected, collect, parseChunks } from "./helpers.js";

/**
 * Whatever arrives, the stream ends in exactly one terminal event (collect checks that), promptly, and a
 * failure is one the parser meant: a ProviderError of its own, never a TypeError caught by runStream.
 */
async function settle(chunks: (Uint8Array | string)[]): Promise<Collected> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the stream did not end within 2 s")), 2000);
  });
  try {
    const result = await Promise.race([collect(parseChunks(chunks)), deadline]);
    checkOutcome(result);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function checkOutcome({ terminal, message }: Collected): void {
  if (terminal.type === "error") {
    expect(ProviderError.isInstance(terminal.error)).toBe(true);
    const cause = terminal.error.cause;
    // The only foreign error the parser wraps is JSON.parse's.
    if (cause !== undefined) expect(cause).toBeInstanceOf(SyntaxError);
    expect(message.stopReason).toBe("error");
    expect(message.errorMessage).toBeTruthy();
  } else {
    expect(["stop", "length", "toolUse"]).toContain(message.stopReason);
  }
  for (const block of message.content) {
    if (block.type === "text") expect(typeof block.text).toBe("string");
    if (block.type === "thinking") expect(typeof block.thinking).toBe("string");
    if (block.type === "toolCall") expect(typeof block.arguments).toBe("object");
  }
  for (const value of [
    message.usage.input,
    message.usage.output,
    message.usage.cacheRead,
    message.usage.cacheWrite,
  ]) {
    expect(Number.isFinite(value) && value >= 0).toBe(true);
  }
}

/** A block cut short is the start of the block the whole stream gives. */
function expectPrefixOf(
  partial: AssistantMessage["content"][number],
  whole: AssistantMessage["content"][number] | undefined,
) {
  expect(partial.type).toBe(whole?.type);
  if (partial.type === "text" && whole?.type === "text")
    expect(whole.text.startsWith(partial.text)).toBe(true);
  if (partial.type === "thinking" && whole?.type === "thinking") {
    expect(whole.thinking.startsWith(partial.thinking)).toBe(true);
  }
  if (partial.type === "toolCall" && whole?.type === "toolCall")
    expect([partial.id, partial.name]).toEqual([whole.id, whole.name]);
}

function splitString(text: string, offsets: number[]): string[] {
  const cuts = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    out.push(text.slice(start, cut));
    start = cut;
  }
  out.push(text.slice(start));
  return out;
}

// Mostly small indexes, so starts, deltas and stops meet the same block often.
const index = fc.oneof(
  { arbitrary: fc.nat({ max: 2 }), weight: 12 },
  fc.integer({ min: -2, max: 1e9 }),
  fc.constant("0"),
  fc.constant(null),
);
const text = fc.oneof(fc.string(), fc.constant(""), fc.integer(), fc.constant(null));
const usage = fc.record(
  {
    input_tokens: fc.oneof(fc.nat(), fc.constant(null), fc.constant(-1), fc.string()),
    output_tokens: fc.oneof(fc.nat(), fc.constant(null)),
    cache_read_input_tokens: fc.oneof(fc.nat(), fc.constant(null)),
    cache_creation_input_tokens: fc.oneof(fc.nat(), fc.constant(null)),
    iterations: fc.oneof(
      fc.array(fc.record({ input_tokens: fc.nat(), output_tokens: fc.nat() })),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const contentBlock = fc.oneof(
  fc.record({ type: fc.constant("text"), text }),
  fc.record({ type: fc.constant("thinking"), thinking: text, signature: text }),
  fc.record({ type: fc.constant("redacted_thinking"), data: text }),
  fc.record({ type: fc.constant("tool_use"), id: text, name: text, input: fc.jsonValue() }),
  fc.record({ type: fc.constantFrom("server_tool_use", "web_search_tool_result", "compaction", "novel") }),
  fc.jsonValue(),
);
const delta = fc.oneof(
  fc.record({ type: fc.constant("text_delta"), text }),
  fc.record({ type: fc.constant("thinking_delta"), thinking: text }),
  fc.record({ type: fc.constant("signature_delta"), signature: text }),
  fc.record({
    type: fc.constant("input_json_delta"),
    partial_json: fc.oneof(fc.string(), fc.constantFrom('{"a":', "1}", "{}", "[", "")),
  }),
  fc.record({ type: fc.constant("citations_delta"), citation: fc.jsonValue() }),
  fc.jsonValue(),
);
const payload = fc.oneof(
  fc.record({
    type: fc.constant("message_start"),
    message: fc.record({ id: text, usage }, { requiredKeys: [] }),
  }),
  {
    arbitrary: fc.record({ type: fc.constant("content_block_start"), index, content_block: contentBlock }),
    weight: 3,
  },
  { arbitrary: fc.record({ type: fc.constant("content_block_delta"), index, delta }), weight: 6 },
  { arbitrary: fc.record({ type: fc.constant("content_block_stop"), index }), weight: 2 },
  fc.record({
    type: fc.constant("message_delta"),
    delta: fc.record({
      stop_reason: fc.oneof(fc.constantFrom("end_turn", "max_tokens", "tool_use", "refusal"), text),
    }),
    usage,
  }),
  fc.record({ type: fc.constantFrom("message_stop", "ping") }),
  fc.record({ type: fc.constant("error"), error: fc.record({ type: text, message: text }) }),
  fc.jsonValue(),
);
const frame = fc.oneof(
  payload.map((p) => {
    const type = (p as { type?: unknown } | null)?.type;
    return `${typeof type === "string" ? `event: ${type}\n` : ""}data: ${JSON.stringify(p) ?? "null"}\n\n`;
  }),
  fc.string().map((junk) => `${junk}\n\n`),
  fc.constantFrom(": comment\n\n", "data: {not json\n\n", "event: ping\ndata: {}\n\n", "\r\n"),
);

/** A plausible message: start, blocks of start / deltas / stop with odd field values, and usually an end. */
const blockScript = fc
  .tuple(
    fc.array(fc.tuple(contentBlock, fc.array(delta, { maxLength: 6 }), fc.boolean()), {
      minLength: 1,
      maxLength: 5,
    }),
    fc.boolean(),
  )
  .map(([blocks, ends]) => {
    const out: unknown[] = [
      { type: "message_start", message: { id: "msg_fuzz", usage: { input_tokens: 1 } } },
    ];
    blocks.forEach(([content_block, deltas, stops], i) => {
      out.push({ type: "content_block_start", index: i, content_block });
      for (const d of deltas) out.push({ type: "content_block_delta", index: i, delta: d });
      if (stops) out.push({ type: "content_block_stop", index: i });
    });
    if (ends)
      out.push({ type: "message_delta", delta: { stop_reason: "end_turn" } }, { type: "message_stop" });
    return out.map((p) => `data: ${JSON.stringify(p)}\n\n`).join("");
  });

const FIXTURES = listFixtures("anthropic-messages").map((file) =>
  fixtureAsSse(file, { eventNames: true, done: false }),
);

describe("fuzz: every input ends in a terminal event", () => {
  it("random bytes (3,000 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), async (chunks) => {
        await settle(chunks);
      }),
      { numRuns: 3000 },
    );
  });

  it("random sequences of protocol-shaped events, split anywhere (3,000 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(frame, { minLength: 2, maxLength: 32 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (frames, cuts) => {
          await settle(splitString(frames.join(""), cuts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("plausible messages with odd field values, split anywhere (2,500 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(blockScript, fc.array(fc.nat(), { maxLength: 8 }), async (script, cuts) => {
        await settle(splitString(script, cuts));
      }),
      { numRuns: 2500 },
    );
  });

  it("every fixture truncated at a random byte keeps what arrived and fails unless message_stop came (1,200)", async () => {
    for (const bytes of FIXTURES) {
      const full = await settle([bytes]);
      const stopAt = bytes.lastIndexOf("message_stop");
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bytes.length }), async (length) => {
          const { terminal, message } = await settle([bytes.subarray(0, length)]);
          if (length < stopAt) {
            expect(terminal.type).toBe("error");
            expect(message.content.length).toBeLessThanOrEqual(full.message.content.length);
            for (const [i, block] of message.content.entries())
              expectPrefixOf(block, full.message.content[i]);
          }
        }),
        { numRuns: 200 },
      );
    }
  });

  it("every fixture with random bytes overwritten (900 cases)", async () => {
    for (const bytes of FIXTURES) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
          async (edits) => {
            const copy = Uint8Array.from(bytes);
            for (const [at, value] of edits) copy[at % copy.length] = value;
            await settle([copy]);
          },
        ),
        { numRuns: 150 },
      );
    }
  });
});
