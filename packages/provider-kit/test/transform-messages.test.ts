import { describe, expect, it } from "vitest";
import {
  type AssistantMessage,
  emptyUsage,
  type Message,
  sanitizeToolCallId,
  type ToolResultMessage,
  toolCallIdNormalizer,
  transformMessages,
} from "../src/index.js";
import { testModel } from "./model.js";

const target = testModel({ provider: "anthropic", api: "anthropic-messages", id: "claude-x" });

function assistant(
  content: AssistantMessage["content"],
  from: Partial<AssistantMessage> = {},
): AssistantMessage {
  return {
    role: "assistant",
    content,
    api: "openai-responses",
    provider: "openai",
    model: "gpt-x",
    usage: emptyUsage(),
    stopReason: "toolUse",
    timestamp: 1,
    ...from,
  };
}

const same = { api: "anthropic-messages", provider: "anthropic", model: "claude-x" } as const;

function result(toolCallId: string, text = "ok"): ToolResultMessage {
  return {
    role: "toolResult",
    toolCallId,
    toolName: "read",
    content: [{ type: "text", text }],
    isError: false,
  };
}

const user = (content: string): Message => ({ role: "user", content });

describe("transformMessages", () => {
  it("passes messages from the same provider, API and model through as the same objects", () => {
    const message = assistant(
      [
        { type: "thinking", thinking: "hmm", signature: "sig" },
        { type: "thinking", thinking: "", redacted: true, signature: "opaque" },
        { type: "toolCall", id: "toolu_1", name: "read", arguments: {} },
      ],
      same,
    );
    const history = [user("hi"), message, result("toolu_1")];
    const out = transformMessages(history, target, { normalizeToolCallId: () => "changed" });
    expect(out).toEqual(history);
    expect(out[1]).toBe(message);
    expect(out[2]).toBe(history[2]);
  });

  it("treats another model of the same provider as foreign", () => {
    const message = assistant([{ type: "thinking", thinking: "deep", signature: "sig" }], {
      ...same,
      model: "claude-y",
    });
    expect(transformMessages([message], target)[0]).toMatchObject({
      content: [{ type: "text", text: "deep" }],
    });
  });

  it("turns foreign thinking into text, drops empty and redacted thinking and every signature", () => {
    const out = transformMessages(
      [
        assistant(
          [
            { type: "thinking", thinking: "step one", signature: "enc" },
            { type: "thinking", thinking: "  ", signature: "enc2" },
            { type: "thinking", thinking: "[hidden]", redacted: true, signature: "opaque" },
            { type: "text", text: "answer", signature: "ts" },
            { type: "toolCall", id: "call_1", name: "read", arguments: { p: 1 }, signature: "thought" },
          ],
          { stopReason: "toolUse" },
        ),
        result("call_1"),
      ],
      target,
    );
    expect((out[0] as AssistantMessage).content).toEqual([
      { type: "text", text: "step one" },
      { type: "text", text: "answer" },
      { type: "toolCall", id: "call_1", name: "read", arguments: { p: 1 } },
    ]);
  });

  it("normalises foreign tool-call ids and maps their results the same way", () => {
    const normalize = toolCallIdNormalizer("anthropic");
    const longId = `call_abc|fc_${"x".repeat(80)}`;
    const history: Message[] = [
      assistant([
        { type: "toolCall", id: longId, name: "read", arguments: {} },
        { type: "toolCall", id: "call_2|fc_2", name: "read", arguments: {} },
      ]),
      result(longId),
      result("call_2|fc_2"),
    ];
    const out = transformMessages(history, target, { normalizeToolCallId: normalize });
    const calls = (out[0] as AssistantMessage).content;
    const ids = calls.map((block) => (block.type === "toolCall" ? block.id : ""));
    expect(ids.every((id) => /^[a-zA-Z0-9_-]{1,64}$/.test(id))).toBe(true);
    expect((out[1] as ToolResultMessage).toolCallId).toBe(ids[0]);
    expect((out[2] as ToolResultMessage).toolCallId).toBe(ids[1]);
  });

  it("keeps ids distinct when two originals normalise alike", () => {
    const history: Message[] = [
      assistant([
        { type: "toolCall", id: "a", name: "read", arguments: {} },
        { type: "toolCall", id: "b", name: "read", arguments: {} },
      ]),
      result("a"),
      result("b"),
    ];
    const out = transformMessages(history, target, {
      normalizeToolCallId: (id) => (id.includes("#") ? id : "same"),
    });
    const ids = (out[0] as AssistantMessage).content.map((block) =>
      block.type === "toolCall" ? block.id : "",
    );
    expect(new Set(ids).size).toBe(2);
    expect(out.slice(1).map((m) => (m as ToolResultMessage).toolCallId)).toEqual(ids);
  });

  it("drops errored and aborted assistant messages and their tool results", () => {
    const history: Message[] = [
      user("one"),
      assistant(
        [
          { type: "text", text: "half" },
          { type: "toolCall", id: "c1", name: "read", arguments: {} },
        ],
        { stopReason: "aborted" },
      ),
      result("c1"),
      user("two"),
      assistant([{ type: "text", text: "oops" }], { ...same, stopReason: "error", errorMessage: "x" }),
      user("three"),
    ];
    expect(transformMessages(history, target)).toEqual([user("one"), user("two"), user("three")]);
  });

  it("adds a synthetic error result for a tool call left unanswered before the next turn", () => {
    const history: Message[] = [
      assistant([
        { type: "toolCall", id: "c1", name: "read", arguments: {} },
        { type: "toolCall", id: "c2", name: "bash", arguments: {} },
      ]),
      result("c1"),
      user("never mind"),
    ];
    const out = transformMessages(history, target);
    expect(out).toHaveLength(4);
    expect(out[2]).toEqual({
      role: "toolResult",
      toolCallId: "c2",
      toolName: "bash",
      content: [{ type: "text", text: "No result provided" }],
      isError: true,
    });
    expect(out[3]).toEqual(user("never mind"));
  });

  it("adds synthetic results before a following assistant message too, but not at the end", () => {
    const call = { type: "toolCall", id: "c1", name: "read", arguments: {} } as const;
    const history: Message[] = [assistant([call], same), assistant([{ ...call, id: "c2" }], same)];
    const out = transformMessages(history, target);
    expect(out.map((m) => m.role)).toEqual(["assistant", "toolResult", "assistant"]);
    expect((out[1] as ToolResultMessage).toolCallId).toBe("c1");
  });

  it("drops a foreign assistant message left with no content", () => {
    const history: Message[] = [
      user("q"),
      assistant([{ type: "thinking", thinking: "", redacted: true }], { stopReason: "stop" }),
    ];
    expect(transformMessages(history, target)).toEqual([user("q")]);
  });

  it("never mutates its input", () => {
    const history: Message[] = [
      assistant([
        { type: "thinking", thinking: "t", signature: "s" },
        { type: "toolCall", id: "a|b", name: "read", arguments: { x: 1 }, signature: "s" },
      ]),
      result("a|b"),
      user("next"),
    ];
    const snapshot = structuredClone(history);
    transformMessages(history, target, { normalizeToolCallId: toolCallIdNormalizer("anthropic") });
    expect(history).toEqual(snapshot);
  });
});

describe("sanitizeToolCallId", () => {
  const anthropic = { maxLength: 64, allowed: /[a-zA-Z0-9_-]/ };

  it("passes a valid id unchanged", () => {
    expect(sanitizeToolCallId("toolu_01ABC-x", anthropic)).toBe("toolu_01ABC-x");
  });

  it("maps illegal characters to _ and adds a hash so near-identical ids stay distinct", () => {
    const a = sanitizeToolCallId("call|1", anthropic);
    const b = sanitizeToolCallId("call.1", anthropic);
    expect(a).toMatch(/^call_1_[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it("truncates long ids deterministically, keeping ids that differ at the end distinct", () => {
    const base = "x".repeat(100);
    const a = sanitizeToolCallId(`${base}a`, anthropic);
    const b = sanitizeToolCallId(`${base}b`, anthropic);
    expect(a).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(sanitizeToolCallId(`${base}a`, anthropic)).toBe(a);
  });

  it("is idempotent", () => {
    const once = sanitizeToolCallId("fc_😀|".repeat(30), anthropic);
    expect(sanitizeToolCallId(once, anthropic)).toBe(once);
  });

  it("copes with an empty id, a global regex and a tiny limit", () => {
    expect(sanitizeToolCallId("", anthropic)).toMatch(/^_[0-9a-f]{8}$/);
    expect(sanitizeToolCallId("a.b.c", { maxLength: 64, allowed: /[a-z]/g })).toMatch(/^a_b_c_/);
    expect(sanitizeToolCallId("abcdefgh", { maxLength: 4, allowed: /[a-z]/ })).toMatch(/^[0-9a-f]{4}$/);
  });
});

describe("toolCallIdNormalizer", () => {
  it("anthropic: [a-zA-Z0-9_-], at most 64", () => {
    const normalize = toolCallIdNormalizer("anthropic");
    expect(normalize("toolu_1")).toBe("toolu_1");
    expect(normalize(`call_1|fc_${"z".repeat(100)}`)).toMatch(/^[a-zA-Z0-9_-]{64}$/);
  });

  it("mistral: exactly 9 alphanumerics", () => {
    const normalize = toolCallIdNormalizer("mistral");
    expect(normalize("abcDEF123")).toBe("abcDEF123");
    expect(normalize("call_abc")).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(normalize("toolu_01")).not.toBe(normalize("toolu_02"));
  });

  it("openai-responses: call_-prefixed, legal characters, at most 64", () => {
    const normalize = toolCallIdNormalizer("openai-responses");
    expect(normalize("call_abc")).toBe("call_abc");
    expect(normalize("toolu_01")).toBe("call_toolu_01");
    const long = normalize(`toolu.${"q".repeat(100)}`);
    expect(long).toMatch(/^call_[a-zA-Z0-9_-]{59}$/);
  });
});
