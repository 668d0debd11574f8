import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type MockServer, openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI_BIN, type TempHome, tempHome } from "./harness.js";
import { TmuxTerminal } from "./tmux.js";

// The built CLI in a real terminal (tmux), driven by keystrokes as a person would.

let home: TempHome;
let server: MockServer;
let terminal: TmuxTerminal | undefined;

beforeEach(async () => {
  home = await tempHome();
  server = await startMockServer();
});
afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  await server.close();
  await home.cleanup();
});

async function start(env: Record<string, string> = {}) {
  terminal = await TmuxTerminal.start([process.execPath, CLI_BIN], {
    cwd: home.cwd,
    env: home.env({ TERM: "xterm-256color", ...env }),
  });
  return terminal;
}

async function writeMockProvider(models: string[]) {
  await home.writeJson("models.json", {
    providers: {
      mock: {
        api: "openai-completions",
        baseUrl: `${server.url}/v1`,
        apiKey: "MOCK_KEY",
        models: models.map((id) => ({ id })),
      },
    },
  });
}

describe("interactive elyra (tmux)", () => {
  it("starts without any credential, /login stores an API key with mode 0600, /logout removes it", async () => {
    const t = await start();
    await t.waitFor("No provider has a credential yet.");
    await t.type("/login");
    await t.send("Enter");
    await t.waitFor("An API key");
    await t.send("Down", "Enter");
    await t.waitFor("Provider (type to search)");
    await t.type("groq");
    await t.waitFor(/groq — Groq/);
    await t.send("Enter");
    await t.waitFor("API key for groq");
    await t.type("gsk-typed-SECRET-42");
    const hidden = await t.screen();
    expect(hidden).not.toContain("gsk-typed-SECRET-42");
    await t.send("Enter");
    await t.waitFor("Stored an API key for groq");
    const file = join(home.agentDir, "auth.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      groq: { type: "api_key", key: "gsk-typed-SECRET-42" },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await t.type("/logout");
    await t.send("Enter");
    await t.waitFor("Log out of");
    await t.send("Enter");
    await t.waitFor("Removed the stored credential for groq.");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({});
    expect(await t.screen()).not.toContain("SECRET");
  });

  it("/model switches to another model, and the next answer comes from it", async () => {
    await writeMockProvider(["mock-small", "mock-large"]);
    server.setDefault(openaiCompletionsReply({ text: "answer from the mock" }));
    const t = await start({ MOCK_KEY: "mock-key" });
    await t.waitFor("mock/mock-small");
    await t.type("/model");
    await t.send("Enter");
    await t.waitFor("Model (type to search)");
    await t.type("large");
    await t.waitFor(/mock\/mock-large/);
    await t.send("Enter");
    await t.waitFor("Now using mock/mock-large");
    await t.type("hello there");
    await t.send("Enter");
    await t.waitFor("answer from the mock");
    expect(server.requests.at(-1)?.json).toMatchObject({ model: "mock-large" });
  });

  it("Ctrl-C aborts a streaming answer and keeps it; Ctrl-C twice on an empty prompt exits", async () => {
    await writeMockProvider(["mock-1"]);
    const slow = openaiCompletionsReply({ text: "tick ".repeat(300), chunkSize: 5 });
    server.enqueue({ ...slow, delayMs: 40 } as typeof slow);
    server.setDefault(openaiCompletionsReply({ text: "second answer" }));
    const t = await start({ MOCK_KEY: "mock-key" });
    await t.waitFor("mock/mock-1");
    await t.type("count for me");
    await t.send("Enter");
    await t.waitFor("tick tick tick");
    await t.send("C-c");
    const aborted = await t.waitFor("aborted");
    expect(aborted.match(/tick/g)?.length ?? 0).toBeLessThan(300);
    await t.type("again");
    await t.send("Enter");
    await t.waitFor("second answer");
    await t.send("C-c");
    await t.waitFor("Press Ctrl-C again to exit.");
    await t.send("C-c");
    await t.waitFor("[exited 0]");
  });
});
