import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MockServer, openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuilt, type TempHome, tempHome } from "./harness.js";

// These run the built CLI (turbo builds it before this package's tests) as a user would.

const SECRET = "sk-mock-SECRET-0123456789abcdef";
let home: TempHome;
let server: MockServer;

beforeEach(async () => {
  home = await tempHome();
  server = await startMockServer();
  await home.writeJson("models.json", {
    providers: {
      mock: {
        name: "Mock",
        api: "openai-completions",
        baseUrl: `${server.url}/v1`,
        apiKey: "MOCK_API_KEY",
        models: [{ id: "mock-1" }],
      },
    },
  });
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

const env = { MOCK_API_KEY: SECRET };
const call = (id: string, name: string, args: Record<string, unknown>) => ({ id, name, arguments: args });

describe("elyra -p (built)", () => {
  it("runs a tool-calling conversation that reads, edits, writes and runs bash", async () => {
    await writeFile(join(home.cwd, "greeting.txt"), "hello world\n");
    server.enqueue(
      openaiCompletionsReply({ toolCalls: [call("c1", "read", { path: "greeting.txt" })] }),
      openaiCompletionsReply({
        toolCalls: [call("c2", "edit", { path: "greeting.txt", oldText: "world", newText: "elyra" })],
      }),
      openaiCompletionsReply({
        toolCalls: [call("c3", "write", { path: "out/notes.md", content: "# notes\n" })],
      }),
      openaiCompletionsReply({
        toolCalls: [call("c4", "bash", { command: "cat greeting.txt out/notes.md" })],
      }),
      openaiCompletionsReply({ text: "All done: greeting updated.", usage: { input: 10, output: 5 } }),
    );
    const result = await runBuilt(["-p", "update the greeting", "--model", "mock/mock-1"], home, { env });
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("All done: greeting updated.\n");
    expect(await readFile(join(home.cwd, "greeting.txt"), "utf8")).toBe("hello elyra\n");
    expect(await readFile(join(home.cwd, "out/notes.md"), "utf8")).toBe("# notes\n");
    expect(result.stderr).toContain("● read greeting.txt");
    expect(result.stderr).toContain("● bash cat greeting.txt out/notes.md");

    expect(server.requests).toHaveLength(5);
    const first = server.requests[0]!;
    expect(first.path).toBe("/v1/chat/completions");
    expect(first.headers.authorization).toBe(`Bearer ${SECRET}`);
    const body = first.json as {
      model: string;
      tools: { function: { name: string } }[];
      messages: { role: string; content: unknown }[];
    };
    expect(body.model).toBe("mock-1");
    expect(body.tools.map((t) => t.function.name)).toEqual(["read", "write", "edit", "bash"]);
    expect(body.messages.at(-1)).toMatchObject({ role: "user", content: "update the greeting" });
    const last = server.requests[4]!.json as {
      messages: { role: string; content: unknown; tool_call_id?: string }[];
    };
    const bashResult = last.messages.find((m) => m.role === "tool" && m.tool_call_id === "c4");
    expect(JSON.stringify(bashResult?.content)).toContain("hello elyra\\n# notes\\n");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it("prints one JSON event per line in json mode, deltas only, the message once per turn", async () => {
    server.enqueue(
      openaiCompletionsReply({ toolCalls: [call("c1", "bash", { command: "echo hi" })] }),
      openaiCompletionsReply({ text: "The command printed hi.", usage: { input: 20, output: 7 } }),
    );
    const result = await runBuilt(["-p", "say hi", "--model", "mock-1", "--mode", "json"], home, { env });
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; [k: string]: unknown });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("turn_start");
    expect(types).toContain("toolcall_end");
    expect(types).toContain("tool_end");
    expect(types.filter((t) => t === "turn_end")).toHaveLength(2);
    expect(types.at(-1)).toBe("agent_end");
    const text = events
      .filter((e) => e.type === "text_delta")
      .map((e) => e.delta)
      .join("");
    expect(text).toBe("The command printed hi.");
    expect(events.find((e) => e.type === "tool_end")).toMatchObject({
      result: { content: [{ text: "hi\n[exit code 0]" }] },
    });
    expect(events.at(-1)).toMatchObject({ stopReason: "stop", usage: { input: 20, output: 7 } });
    expect(result.stdout).not.toContain('"partial"');
  });

  it("reads the prompt from piped stdin", async () => {
    server.enqueue(openaiCompletionsReply({ text: "piped ok" }));
    const result = await runBuilt(["-p", "--model", "mock-1", "--no-tools"], home, {
      env,
      stdin: "what is in this pipe?\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("piped ok\n");
    const body = server.requests[0]!.json as { messages: { content: unknown }[]; tools?: unknown };
    expect(body.messages.at(-1)?.content).toBe("what is in this pipe?");
    expect(body.tools).toBeUndefined();
  });

  it("retries a 429 and then answers", async () => {
    server.enqueue(
      {
        kind: "error",
        status: 429,
        headers: { "retry-after-ms": "20" },
        body: { error: { message: "Rate limit reached for mock-1", type: "rate_limit_exceeded" } },
      },
      openaiCompletionsReply({ text: "after the retry" }),
    );
    const result = await runBuilt(["-p", "hi", "--model", "mock-1"], home, { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("after the retry\n");
    expect(result.stderr).toMatch(/Rate limit reached for mock-1 — retrying in 0\.0 s \(attempt 1\)/);
    expect(server.requests).toHaveLength(2);
  });

  it("surfaces a provider error with the provider's message and exit code 1, never the key", async () => {
    server.enqueue({
      kind: "error",
      status: 400,
      body: { error: { message: "The model mock-1 does not support tools", type: "invalid_request_error" } },
    });
    const result = await runBuilt(["-p", "hi", "--model", "mock-1"], home, { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The model mock-1 does not support tools");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(server.requests).toHaveLength(1);
  });

  it("Ctrl-C aborts the answer, keeps what arrived and exits 1", async () => {
    const long = openaiCompletionsReply({ text: "word ".repeat(200), chunkSize: 5 });
    server.enqueue({ ...long, delayMs: 50 } as typeof long);
    let signalled = false;
    const started = Date.now();
    const result = await runBuilt(["-p", "talk", "--model", "mock-1"], home, {
      env,
      onStdout: (stdout, child) => {
        if (!signalled && stdout.includes("word word")) {
          signalled = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(signalled).toBe(true);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^(word )+/);
    expect(result.stdout.length).toBeLessThan("word ".repeat(200).length);
    expect(result.stderr).toContain("aborted");
  });

  it("answers --version and --list-models --all from the built binary", async () => {
    const version = await runBuilt(["--version"], home);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const list = await runBuilt(["--list-models", "--all"], home);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("mock/mock-1");
    expect(list.stdout).toContain("anthropic/");
  });
});
