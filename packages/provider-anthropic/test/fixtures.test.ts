import { createHash } from "node:crypto";
import type { AssistantMessage, TextContent, ThinkingContent, ToolCall } from "@elyra/provider-kit";
import { fixtureAsSse, listFixtures, type MockServer, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicMessages } from "../src/index.js";
import { collect, testModel } from "./helpers.js";

/** What each recorded stream must become. Hashes are sha256 of the UTF-8 text, computed from the fixture. */
interface Expected {
  responseId: string;
  stopReason: "stop" | "length" | "toolUse";
  usage: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /** Block types in order; "redacted" is a thinking block with redacted: true. */
  shape: ("text" | "thinking" | "redacted" | "toolCall")[];
  textSha256?: string;
  thinking?: { sha256: string; signatureSha256: string; signatureLength: number };
  redacted?: { sha256: string; length: number }[];
  toolCalls?: { id: string; name: string; arguments: Record<string, unknown> }[];
}

const EXPECTED: Record<string, Expected> = {
  "anthropic-claude-haiku-4.5-thinking-then-tool-use.sse": {
    responseId: "msg_01JdU4xqNHXL9QCFWkwCDKGr",
    stopReason: "toolUse",
    usage: { input: 598, output: 92, cacheRead: 0, cacheWrite: 0 },
    shape: ["thinking", "toolCall"],
    thinking: {
      sha256: "7a4548123a7bd849189d295c3ae595cd18d0ca453ada93725824383508d0e405",
      signatureSha256: "1ca0c5e976b11f45ad36107fe0bc2e0d7b1df9fb79c24ae9a622ee1476b49bb3",
      signatureLength: 524,
    },
    toolCalls: [{ id: "toolu_01825dXWLSoJwCst1qTsiWdb", name: "fixed_version", arguments: {} }],
  },
  "anthropic-claude-sonnet-4-thinking-signature.sse": {
    responseId: "msg_01ALwQ87pTS7hH1PjSdC9wJD",
    stopReason: "stop",
    usage: { input: 43, output: 282, cacheRead: 0, cacheWrite: 0 },
    shape: ["thinking", "text"],
    textSha256: "1b0c432c3a48cc2829d6ff2b6e2c0f62881416d4583337d6f8a8a9a48ad73dfc",
    thinking: {
      sha256: "18c2c6e0236da2b1a3064d5b63229aaafd9d7f0ada42d6737020cb2837ee1380",
      signatureSha256: "e2385f7486c5cf36abe909081fa9588d8a62e43339f699537f99e9b8a60e57a2",
      signatureLength: 504,
    },
  },
  "anthropic-claude-sonnet-4-web-search-citations.sse": {
    responseId: "msg_019ifek4sTha46JcCb2z2yPp",
    stopReason: "stop",
    // message_delta repeats input_tokens with the server-tool turns included: the latest value wins.
    usage: { input: 31772, output: 644, cacheRead: 0, cacheWrite: 0 },
    // server_tool_use and web_search_tool_result are skipped; text blocks that stayed empty are not kept.
    shape: Array(18).fill("text"),
    textSha256: "7f67a541a0aa61b34195ed99d008b0e0a72cb1f544a2c4d935769f85b0409e8f",
  },
  "anthropic-claude-sonnet-4.5-redacted-thinking.sse": {
    responseId: "msg_018XZkwvj9asBiffg3fXt88s",
    stopReason: "stop",
    usage: { input: 92, output: 189, cacheRead: 0, cacheWrite: 0 },
    shape: ["redacted", "redacted", "text"],
    textSha256: "33e0d169251b911c3efe246fc3ae7eefee5090f9a6017f540195e89ab94da4a1",
    redacted: [
      { sha256: "a5fcad0dab0d01897ed4a37854e87cd2c8a8dda62f9f9244faaa5292f78d1d25", length: 744 },
      { sha256: "f2ba85446010cd8c5930879e6b5216ddbeac2a82f325157d39eb4ef5ba886027", length: 296 },
    ],
  },
  "anthropic-claude-sonnet-4.5-tool-no-args.chunks.jsonl": {
    responseId: "msg_01GE2RKp1VYsPzdFs3sS9z5S",
    stopReason: "toolUse",
    usage: { input: 565, output: 48, cacheRead: 0, cacheWrite: 0 },
    shape: ["text", "toolCall"],
    textSha256: "54fc8410f77caa6bbac5f45648ccadbedaeb2b12325f55308b5b972da5227b00",
    toolCalls: [{ id: "toolu_01QE1WLsSVp5hy5Q3GmGTmjP", name: "updateIssueList", arguments: {} }],
  },
  "anthropic-claude-sonnet-4.6-compaction-cache-read-emoji.sse": {
    responseId: "msg_011CduoCRono7pFKoTWpPAia",
    stopReason: "stop",
    // Two sampling passes (compaction, then the answer): usage.iterations summed, which is what is billed.
    usage: { input: 100 + 181, output: 83 + 8, cacheRead: 55096, cacheWrite: 0 },
    shape: ["text"],
    textSha256: "dec664452ed4c70cf8d69f39c7bd0e293ab26e9b07861f87cfac86b6b29f0050",
  },
};

const DIR = "anthropic-messages";
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const cost = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

async function replay(file: string, chunkSize?: number): Promise<AssistantMessage> {
  server.enqueue({
    kind: "raw",
    body: fixtureAsSse(`${DIR}/${file}`, { eventNames: true, done: false }),
    chunkSize,
  });
  const { terminal, message } = await collect(
    anthropicMessages.stream(testModel(server.url), { messages: [] }),
  );
  expect(terminal.type).toBe("done");
  return message;
}

describe("recorded anthropic-messages streams", () => {
  it("has an expectation for every fixture in the corpus", () => {
    const files = listFixtures(DIR).map((path) => path.slice(DIR.length + 1));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`replays ${file}`, async () => {
      const message = await replay(file);
      expect(message.responseId).toBe(expected.responseId);
      expect(message.stopReason).toBe(expected.stopReason);
      expect(message.errorMessage).toBeUndefined();
      expect(message.content.map(kindOf)).toEqual(expected.shape);

      const { input, output, cacheRead, cacheWrite } = message.usage;
      expect({ input, output, cacheRead, cacheWrite }).toEqual(expected.usage);
      expect(message.usage.totalTokens).toBe(input + output + cacheRead + cacheWrite);
      const dollars = (input * cost.input + output * cost.output + cacheRead * cost.cacheRead) / 1e6;
      expect(message.usage.cost.total).toBeCloseTo(dollars + (cacheWrite * cost.cacheWrite) / 1e6, 12);

      const texts = message.content.filter((b): b is TextContent => b.type === "text");
      if (expected.textSha256) expect(sha256(texts.map((b) => b.text).join(""))).toBe(expected.textSha256);
      for (const text of texts) expect(text.text.length).toBeGreaterThan(0);

      const thinking = message.content.filter(
        (b): b is ThinkingContent => b.type === "thinking" && !b.redacted,
      );
      if (expected.thinking) {
        expect(thinking).toHaveLength(1);
        expect(sha256(thinking[0]!.thinking)).toBe(expected.thinking.sha256);
        expect(thinking[0]!.signature).toHaveLength(expected.thinking.signatureLength);
        expect(sha256(thinking[0]!.signature!)).toBe(expected.thinking.signatureSha256);
      }

      const redacted = message.content.filter(
        (b): b is ThinkingContent => b.type === "thinking" && !!b.redacted,
      );
      expect(
        redacted.map((b) => ({ sha256: sha256(b.signature ?? ""), length: b.signature?.length })),
      ).toEqual(expected.redacted ?? []);

      const calls = message.content.filter((b): b is ToolCall => b.type === "toolCall");
      expect(calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }))).toEqual(
        expected.toolCalls ?? [],
      );
    });
  }

  it("emits text deltas that add up to the text, and a toolcall_end per tool call", async () => {
    server.enqueue({
      kind: "raw",
      body: fixtureAsSse(`${DIR}/anthropic-claude-sonnet-4.5-tool-no-args.chunks.jsonl`, {
        eventNames: true,
        done: false,
      }),
    });
    const { events } = await collect(anthropicMessages.stream(testModel(server.url), { messages: [] }));
    const deltas = events.flatMap((e) => (e.type === "text_delta" ? [e.delta] : []));
    expect(deltas).toEqual(["I'll update the issue list for", " you."]);
    const starts = events.filter((e) => e.type === "toolcall_start");
    const ends = events.flatMap((e) => (e.type === "toolcall_end" ? [e.toolCall] : []));
    expect(starts).toHaveLength(1);
    expect(ends.map((c) => [c.name, c.arguments])).toEqual([["updateIssueList", {}]]);
    // toolcall_end comes at content_block_stop, before the message ends.
    expect(events.findIndex((e) => e.type === "toolcall_end")).toBe(events.length - 2);
  });

  it("gives the same message when the server sends the bytes in 7-byte chunks", async () => {
    for (const file of Object.keys(EXPECTED)) {
      const whole = await replay(file);
      const chunked = await replay(file, 7);
      expect({ ...chunked, timestamp: 0 }).toEqual({ ...whole, timestamp: 0 });
    }
  });
});

function kindOf(block: AssistantMessage["content"][number]): Expected["shape"][number] {
  if (block.type === "thinking" && block.redacted) return "redacted";
  return block.type;
}
