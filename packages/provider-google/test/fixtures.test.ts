import type { AssistantMessage, StreamEvent, ToolCall } from "@elyra/provider-kit";
import { fixtureAsSse, listFixtures, type MockServer, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleGenerativeAi } from "../src/index.js";
import { API_KEY, collect, terminals, testModel } from "./helpers.js";

const DIR = "google-gemini";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

/** Replay a recorded stream, byte for byte, through the public API against the mock server. */
async function replay(name: string): Promise<{ message: AssistantMessage; events: StreamEvent[] }> {
  server.enqueue({ kind: "raw", body: fixtureAsSse(`${DIR}/${name}`, { eventNames: false, done: false }) });
  const stream = googleGenerativeAi.stream(
    testModel(server.url),
    { messages: [{ role: "user", content: "hi" }] },
    {
      credential: API_KEY,
    },
  );
  const { message, events } = await collect(stream);
  expect(terminals(events)).toHaveLength(1);
  expect(events.at(-1)?.type).toBe("done");
  return { message, events };
}

function usage(input: number, output: number, cacheRead = 0) {
  // testModel prices: $1 input, $10 output, $0.25 cache read per 1M tokens.
  const cost = {
    input: input / 1e6,
    output: (output * 10) / 1e6,
    cacheRead: (cacheRead * 0.25) / 1e6,
    cacheWrite: 0,
  };
  return {
    input,
    output,
    cacheRead,
    cacheWrite: 0,
    totalTokens: input + output + cacheRead,
    cost: { ...cost, total: cost.input + cost.output + cost.cacheRead },
  };
}

function signatureOf(length: number, start: string, end: string) {
  return expect.stringMatching(
    new RegExp(`^${literal(start)}[A-Za-z0-9+/=]{${length - start.length - end.length}}${literal(end)}$`),
  );
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function joined(
  events: StreamEvent[],
  type: "text_delta" | "thinking_delta" | "toolcall_delta",
  index: number,
) {
  return events
    .filter(
      (e): e is Extract<StreamEvent, { type: typeof type }> => e.type === type && e.contentIndex === index,
    )
    .map((e) => e.delta)
    .join("");
}

const GENERATED_ID = /^call_[0-9a-f]{24}$/;

/** What each recorded stream must become. Every fixture in the directory needs an entry. */
const EXPECTED: Record<string, (message: AssistantMessage, events: StreamEvent[]) => void> = {
  "gemini-2.0-flash-text.sse": (message, events) => {
    // Three text chunks; the last usageMetadata (13 prompt, 8 candidates) replaces the running 15.
    expect(message.content).toEqual([{ type: "text", text: "The capital of France is Paris.\n" }]);
    expect(joined(events, "text_delta", 0)).toBe("The capital of France is Paris.\n");
    expect(message.usage).toEqual(usage(13, 8));
    expect(message.stopReason).toBe("stop");
    expect(message.responseId).toBe("w1peaMz6INOvnvgPgYfPiQY");
  },
  "gemini-2.5-pro-thought-summaries.sse": (message, events) => {
    // Four thought parts make one thinking block; the signature rides on the first answer part.
    expect(message.content).toHaveLength(2);
    const [thinking, text] = message.content;
    expect(thinking).toMatchObject({ type: "thinking" });
    expect(thinking).not.toHaveProperty("signature");
    const thought = (thinking as { thinking: string }).thinking;
    expect(thought).toHaveLength(1575);
    expect(thought.startsWith("**Clarifying User Goals**\n\nI'm currently focused on defining")).toBe(true);
    expect(thought).toContain("\n\n\n**Developing a Safety Protocol**");
    expect(thought.endsWith("regardless of specific circumstances or locations.\n\n\n")).toBe(true);
    expect(text).toMatchObject({
      type: "text",
      signature: signatureOf(6152, "CiIB0e2Kb6Sy", "gMKlqm/dH8k="),
    });
    const answer = (text as { text: string }).text;
    expect(answer).toHaveLength(1938);
    expect(answer.startsWith("This is a great question! Safely crossing the street")).toBe(true);
    expect(answer.endsWith("Always assume a driver might not see you.")).toBe(true);
    expect(joined(events, "thinking_delta", 0)).toBe(thought);
    expect(joined(events, "text_delta", 1)).toBe(answer);
    // thoughtsTokenCount is output: 469 candidates + 787 thoughts.
    expect(message.usage).toEqual(usage(34, 1256));
    expect(message.stopReason).toBe("stop");
  },
  "gemini-3-pro-function-call-thought-signature.sse": (message, events) => {
    // One whole functionCall with no id; the closing empty text part adds no block.
    expect(message.content).toEqual([
      {
        type: "toolCall",
        id: expect.stringMatching(GENERATED_ID),
        name: "get_country",
        arguments: {},
        signature: signatureOf(1408, "EpwICpkIAXLI", "AXOk15QuFyU="),
      },
    ]);
    const end = events.find((e) => e.type === "toolcall_end");
    expect(end).toMatchObject({ contentIndex: 0, toolCall: { name: "get_country", arguments: {} } });
    expect(message.usage).toEqual(usage(29, 212));
    expect(message.stopReason).toBe("toolUse");
  },
  "gemini-2.5-pro-google-search-grounding.sse": (message) => {
    // groundingMetadata is not content; 412 thought tokens are billed although no thoughts were sent.
    expect(message.content).toHaveLength(1);
    const text = (message.content[0] as { text: string }).text;
    expect(text).toHaveLength(926);
    expect(text.startsWith("### Weather in San Francisco is Mild and Partly Cloudy Today\n\n")).toBe(true);
    expect(text).toContain("around 69°F (21°C)");
    expect(text.endsWith(" the evening. The chance of rain remains low throughout the day.")).toBe(true);
    expect(message.usage).toEqual(usage(17 + 102, 653));
    expect(message.stopReason).toBe("stop");
  },
  "gemini-3-flash-code-execution.sse": (message) => {
    // Code and its output become text blocks of their own; each signature stays with its part.
    expect(message.content).toEqual([
      {
        type: "text",
        text: "```python\nresult = 65465 - 6544 * 65464 - 6 + 1.02255\nprint(result)\n```\n",
        signature: signatureOf(560, "EqADCp0DAQw5", "cgG5JA9FsHI="),
      },
      { type: "text", text: "output:\n```\n-428330955.97745\n```\n" },
      {
        type: "text",
        text: "The result of $65465 - 6544 \\times 65464 - 6 + 1.02255$ is **-428,330,955.97745**.",
        signature: signatureOf(348, "EoECCv4BAQw5", "b/zmGQyWIDQ="),
      },
    ]);
    // The final chunk's counts win: 147 prompt, 108 candidates + 168 thoughts.
    expect(message.usage).toEqual(usage(147 + 360, 276));
    expect(message.stopReason).toBe("stop");
  },
  "vertex-gemini-3.1-pro-streamed-function-call-args.chunks.jsonl": (message, events) => {
    // Two calls streamed with willContinue / partialArgs; each ends at a functionCall part without willContinue.
    expect(message.content).toHaveLength(2);
    const [first, second] = message.content as ToolCall[];
    expect(first).toEqual({
      type: "toolCall",
      id: expect.stringMatching(GENERATED_ID),
      name: "getWeather",
      arguments: { location: "Boston" },
      signature: signatureOf(1032, "CiMBjz1rX25K", "y5Zy5VsZ0qQ="),
    });
    expect(second).toEqual({
      type: "toolCall",
      id: expect.stringMatching(GENERATED_ID),
      name: "getWeather",
      arguments: { location: "San Francisco" },
    });
    expect(first?.id).not.toBe(second?.id);
    expect(joined(events, "toolcall_delta", 0)).toBe('{"location":"Boston"}');
    expect(joined(events, "toolcall_delta", 1)).toBe('{"location":"San Francisco"}');
    expect(events.filter((e) => e.type === "toolcall_end").map((e) => e.contentIndex)).toEqual([0, 1]);
    // Chunks with only trafficType in usageMetadata do not reset the counts.
    expect(message.usage).toEqual(usage(26, 155));
    expect(message.stopReason).toBe("toolUse");
    expect(message.responseId).toBe("dqHOab6xGLzWodAPkPuViA4");
  },
};

describe("recorded Gemini streams", () => {
  it("has an expectation for every fixture", () => {
    const names = listFixtures(DIR).map((path) => path.slice(DIR.length + 1));
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, check] of Object.entries(EXPECTED)) {
    it(`replays ${name}`, async () => {
      const { message, events } = await replay(name);
      expect(message).toMatchObject({
        role: "assistant",
        api: "google-generative-ai",
        provider: "google",
        model: "gemini-test",
      });
      check(message, events);
    });
  }
});
