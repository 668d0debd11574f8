import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureStreams } from "./fixture-streams.js";
import { type Collected, parseChunks, splitAt, textOf, thinkingOf, type WireApi } from "./helpers.js";

/**
 * Whatever the bytes, a stream ends in exactly one terminal event (`collect` checks the contract), never a
 * crash or a hang; a failure is a ProviderError of the parser's own making, not an internal exception
 * wrapped after the fact (those carry the original as `cause`).
 */
async function parseSafely(api: WireApi, chunks: Uint8Array[] | string[]): Promise<Collected> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the parser hung")), 2000);
  });
  try {
    const result = await Promise.race([parseChunks(api, chunks), hang]);
    if (result.terminal.type === "error") expect(result.terminal.error.cause).toBeUndefined();
    for (const block of result.message.content) {
      if (block.type === "toolCall") expect(typeof block.arguments).toBe("object");
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

const APIS: WireApi[] = ["openai-completions", "openai-responses"];

describe.each(APIS)("%s: truncated recordings", (api) => {
  for (const fixture of fixtureStreams(api)) {
    it(`${fixture.name} cut anywhere keeps a prefix of the content`, async () => {
      const full = await parseChunks(api, [fixture.bytes]);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: fixture.bytes.length }), async (end) => {
          const { message, terminal } = await parseSafely(api, [fixture.bytes.subarray(0, end)]);
          expect(textOf(full.message).startsWith(textOf(message))).toBe(true);
          expect(thinkingOf(full.message).startsWith(thinkingOf(message))).toBe(true);
          if (terminal.type === "done") return;
          expect(terminal.error.kind).not.toBe("aborted");
        }),
        { numRuns: 150 },
      );
    });
  }
});

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "{", '{"a":', "}", '"', "😊", "\n", "[DONE]") },
);
const rare = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
const small = fc.oneof(fc.nat(3), fc.constant(-1), fc.double());
const optionalRecord = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(model, { requiredKeys: [] });

const chatChunk = optionalRecord({
  id: sometimes(text),
  choices: sometimes(
    fc.array(
      optionalRecord({
        index: sometimes(fc.nat(2)),
        delta: sometimes(
          optionalRecord({
            content: sometimes(
              fc.oneof(
                text,
                fc.array(
                  optionalRecord({
                    type: fc.constantFrom("text", "thinking", "image"),
                    text: sometimes(text),
                    thinking: sometimes(
                      fc.oneof(text, fc.array(optionalRecord({ type: fc.constant("text"), text }))),
                    ),
                  }),
                  { maxLength: 2 },
                ),
              ),
            ),
            reasoning_content: sometimes(text),
            reasoning: sometimes(text),
            refusal: sometimes(text),
            reasoning_details: sometimes(
              fc.array(
                optionalRecord({
                  type: fc.constantFrom("reasoning.text", "reasoning.summary", "reasoning.encrypted"),
                  text: sometimes(text),
                  summary: sometimes(text),
                  data: sometimes(text),
                  signature: sometimes(text),
                  index: sometimes(small),
                }),
                { maxLength: 2 },
              ),
            ),
            tool_calls: sometimes(
              fc.array(
                optionalRecord({
                  index: sometimes(small),
                  id: sometimes(fc.constantFrom("call_a", "call_b", "")),
                  function: sometimes(optionalRecord({ name: sometimes(text), arguments: sometimes(text) })),
                }),
                { maxLength: 3 },
              ),
            ),
          }),
        ),
        finish_reason: rare(
          fc.constantFrom("stop", "length", "tool_calls", "function_call", "content_filter", "error", ""),
        ),
      }),
      { maxLength: 2 },
    ),
  ),
  usage: rare(
    optionalRecord({
      prompt_tokens: sometimes(small),
      completion_tokens: sometimes(small),
      total_tokens: sometimes(small),
      prompt_tokens_details: sometimes(optionalRecord({ cached_tokens: sometimes(small) })),
      completion_tokens_details: sometimes(optionalRecord({ reasoning_tokens: sometimes(small) })),
    }),
  ),
  error: rare(fc.jsonValue()),
});

const responsesEvent = optionalRecord({
  type: fc.constantFrom(
    "response.created",
    "response.output_item.added",
    "response.output_item.done",
    "response.output_text.delta",
    "response.refusal.delta",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_part.added",
    "response.reasoning_text.delta",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.completed",
    "response.incomplete",
    "response.failed",
    "error",
    "response.web_search_call.searching",
  ),
  item_id: sometimes(fc.constantFrom("a", "b", "c")),
  output_index: sometimes(small),
  summary_index: sometimes(small),
  content_index: sometimes(small),
  delta: sometimes(text),
  arguments: sometimes(text),
  item: sometimes(
    optionalRecord({
      type: fc.constantFrom("message", "reasoning", "function_call", "web_search_call"),
      id: sometimes(fc.constantFrom("a", "b", "c")),
      call_id: sometimes(text),
      name: sometimes(text),
      arguments: sometimes(text),
      summary: sometimes(
        fc.array(optionalRecord({ type: fc.constant("summary_text"), text }), { maxLength: 2 }),
      ),
      content: sometimes(
        fc.array(optionalRecord({ type: fc.constantFrom("output_text", "refusal"), text }), { maxLength: 2 }),
      ),
    }),
  ),
  response: sometimes(
    optionalRecord({
      id: sometimes(text),
      usage: sometimes(optionalRecord({ input_tokens: sometimes(small), output_tokens: sometimes(small) })),
      error: sometimes(optionalRecord({ code: sometimes(text), message: sometimes(text) })),
      incomplete_details: sometimes(
        optionalRecord({ reason: fc.constantFrom("max_output_tokens", "content_filter") }),
      ),
    }),
  ),
});

/** SSE framing around the payloads, including the framing mistakes real servers make. */
function sseStream(payload: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const event = fc.oneof(
    { weight: 12, arbitrary: payload.map((value) => `data: ${JSON.stringify(value)}\n\n`) },
    { weight: 1, arbitrary: payload.map((value) => `event: error\ndata: ${JSON.stringify(value)}\r\n\r\n`) },
    { weight: 1, arbitrary: fc.constant("data: [DONE]\n\n") },
    { weight: 1, arbitrary: fc.constant(": keep-alive\n\n") },
    { weight: 1, arbitrary: text.map((value) => `data: ${value}\n\n`) },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => `data: ${JSON.stringify(value)}\n\n`) },
  );
  return fc.array(event, { maxLength: 24 }).map((events) => events.join(""));
}

const encoder = new TextEncoder();

describe.each([
  ["openai-completions", chatChunk],
  ["openai-responses", responsesEvent],
] as const)("%s: random input", (api, payload) => {
  it("ends every random event stream in one terminal event", async () => {
    const streams = fc.tuple(sseStream(payload), fc.array(fc.nat(2000), { maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(streams, async ([body, cuts]) => {
        await parseSafely(api, splitAt(encoder.encode(body), cuts));
      }),
      { numRuns: 2500 },
    );
  });

  it("ends random bytes in one terminal event", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const { terminal } = await parseSafely(api, [bytes]);
        expect(terminal.type).toBe("error");
      }),
      { numRuns: 1000 },
    );
  });
});
