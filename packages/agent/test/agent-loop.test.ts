import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ApiImplementation,
  type Context,
  type Model,
  ProviderError,
  runStream,
} from "@elyra/provider-kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AgentEvent, codingTools, runAgent } from "../src/index.js";

const model: Model = {
  provider: "scripted",
  id: "scripted-1",
  name: "Scripted",
  api: "scripted",
  baseUrl: "http://127.0.0.1:9",
  reasoning: false,
  input: ["text"],
  contextWindow: 1000,
  maxTokens: 100,
  cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
};

type Step =
  | { text: string }
  | { tool: string; args: Record<string, unknown> }
  | { error: ProviderError; textFirst?: string }
  | { hang: true };

/** A wire API that plays one step per call and records the contexts it was sent. */
function scriptedApi(steps: Step[]): ApiImplementation & { contexts: Context[] } {
  const contexts: Context[] = [];
  return {
    api: "scripted",
    contexts,
    stream(m, context, options) {
      contexts.push(structuredClone(context));
      const step = steps.shift();
      return runStream(m, options, async (builder, signal) => {
        if (!step) throw new Error("script exhausted");
        if ("text" in step) {
          builder.text(step.text);
          builder.setUsage({ input: 10, output: 5, cacheRead: 0, cacheWrite: 0 });
          return;
        }
        if ("tool" in step) {
          const index = builder.beginToolCall(`call_${contexts.length}`, step.tool);
          builder.appendToolArguments(index, JSON.stringify(step.args));
          builder.message.stopReason = "toolUse";
          return;
        }
        if ("error" in step) {
          if (step.textFirst) builder.text(step.textFirst);
          throw step.error;
        }
        builder.text("partial ");
        await new Promise((_, reject) =>
          signal?.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      });
    },
  };
}

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "elyra-agent-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const user = (text: string) => [{ role: "user" as const, content: text }];

describe("runAgent", () => {
  it("runs the tools the model asks for and continues until it stops", async () => {
    const api = scriptedApi([
      { tool: "write", args: { path: "notes/a.txt", content: "hello" } },
      { tool: "edit", args: { path: "notes/a.txt", oldText: "hello", newText: "hello world" } },
      { tool: "bash", args: { command: "cat notes/a.txt" } },
      { text: "Done." },
    ]);
    const events: AgentEvent["type"][] = [];
    const result = await runAgent(user("make a note"), {
      model,
      api,
      tools: [...codingTools],
      cwd,
      onEvent: (event) => events.push(event.type),
    });
    expect(result.stopReason).toBe("stop");
    expect(result.final?.content).toEqual([{ type: "text", text: "Done." }]);
    expect(await readFile(join(cwd, "notes/a.txt"), "utf8")).toBe("hello world");
    const bashResult = result.messages.find((m) => m.role === "toolResult" && m.toolName === "bash");
    expect(bashResult).toMatchObject({ isError: false, content: [{ text: "hello world\n[exit code 0]" }] });
    // The model saw its tool call and the result on the next turn.
    expect(api.contexts[1]?.messages.map((m) => m.role)).toEqual(["user", "assistant", "toolResult"]);
    expect(api.contexts[0]?.tools?.map((t) => t.name)).toEqual(["read", "write", "edit", "bash"]);
    expect(events.filter((e) => e === "tool_end")).toHaveLength(3);
    expect(result.messages).toHaveLength(1 + 2 * 3 + 1);
  });

  it("retries a retryable error that came before any content, and tells the UI", async () => {
    const overloaded = new ProviderError({
      provider: "scripted",
      kind: "server",
      status: 529,
      message: "overloaded",
      retryable: true,
    });
    const api = scriptedApi([{ error: overloaded }, { error: overloaded }, { text: "ok" }]);
    const retries: number[] = [];
    const result = await runAgent(user("hi"), {
      model,
      api,
      cwd,
      retryDelayMs: 5,
      onEvent: (event) => event.type === "retry" && retries.push(event.attempt),
    });
    expect(retries).toEqual([1, 2]);
    expect(result.stopReason).toBe("stop");
    expect(result.final?.content).toEqual([{ type: "text", text: "ok" }]);
  });

  it("does not retry once content arrived, and keeps the partial answer", async () => {
    const reset = new ProviderError({
      provider: "scripted",
      kind: "network",
      message: "socket closed",
      retryable: true,
    });
    const api = scriptedApi([{ error: reset, textFirst: "half an ans" }]);
    const result = await runAgent(user("hi"), { model, api, cwd, retryDelayMs: 1 });
    expect(result.stopReason).toBe("error");
    expect(result.error?.message).toBe("socket closed");
    expect(result.final?.content).toEqual([{ type: "text", text: "half an ans" }]);
  });

  it("reports a context overflow as such, without retrying", async () => {
    const overflow = new ProviderError({
      provider: "scripted",
      kind: "context_overflow",
      status: 400,
      message: "prompt is too long",
    });
    const api = scriptedApi([{ error: overflow }, { text: "never" }]);
    const result = await runAgent(user("hi"), { model, api, cwd, retryDelayMs: 1 });
    expect(result.stopReason).toBe("error");
    expect(result.error?.kind).toBe("context_overflow");
    expect(api.contexts).toHaveLength(1);
  });

  it("stops the stream on abort and keeps what arrived", async () => {
    const controller = new AbortController();
    const api = scriptedApi([{ hang: true }]);
    setTimeout(() => controller.abort(), 50);
    const result = await runAgent(user("hi"), { model, api, cwd, signal: controller.signal });
    expect(result.stopReason).toBe("aborted");
    expect(result.final?.content).toEqual([{ type: "text", text: "partial " }]);
  });

  it("aborts a running tool and does not call the model again", async () => {
    const controller = new AbortController();
    const api = scriptedApi([{ tool: "bash", args: { command: "sleep 30" } }, { text: "never" }]);
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const result = await runAgent(user("hi"), {
      model,
      api,
      tools: [...codingTools],
      cwd,
      signal: controller.signal,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.stopReason).toBe("aborted");
    expect(result.messages.at(-1)).toMatchObject({ role: "toolResult", isError: true });
    expect(api.contexts).toHaveLength(1);
  });

  it("ends at the turn limit", async () => {
    const api = scriptedApi([
      { tool: "read", args: { path: "missing" } },
      { tool: "read", args: { path: "missing" } },
      { text: "never" },
    ]);
    const result = await runAgent(user("loop"), { model, api, tools: [...codingTools], cwd, maxTurns: 2 });
    expect(result.stopReason).toBe("maxTurns");
    expect(api.contexts).toHaveLength(2);
  });
});
