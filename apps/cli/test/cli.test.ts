import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess, type TempHome, tempHome } from "./harness.js";

let home: TempHome;
beforeEach(async () => {
  home = await tempHome();
});
afterEach(async () => {
  await home.cleanup();
});

describe("elyra (in-process)", () => {
  it("prints help and the version", async () => {
    const help = await runInProcess(["--help"], home);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('elyra -p "prompt"');
    expect((await runInProcess(["--version"], home)).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("rejects bad usage with exit code 2 and a pointer to --help", async () => {
    const unknown = await runInProcess(["--frobnicate"], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    expect(unknown.stderr).toContain('Run "elyra --help"');
    const mode = await runInProcess(["-p", "hi", "--mode", "xml"], home);
    expect(mode).toMatchObject({ code: 2 });
    expect(mode.stderr).toContain('--mode must be "text" or "json", not "xml"');
  });

  it("without a TTY, interactive mode explains which flag to use instead of waiting", async () => {
    const result = await runInProcess([], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'interactive mode needs a terminal; use print mode instead: elyra -p "…"',
    );
  });

  it("without any credential, print mode says how to log in", async () => {
    const result = await runInProcess(["-p", "hello"], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No provider has a credential yet.");
    expect(result.stderr).toContain("elyra login");
  });

  it("logs in from piped stdin into auth.json with mode 0600, shows it in auth status, and logs out", async () => {
    const login = await runInProcess(["login", "groq"], home, { stdin: "gsk-test-SECRET-123456789\n" });
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain(`Stored an API key for groq in ${join(home.agentDir, "auth.json")}`);
    const file = join(home.agentDir, "auth.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      groq: { type: "api_key", key: "gsk-test-SECRET-123456789" },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const status = await runInProcess(["auth", "status"], home, {
      env: { OPENAI_API_KEY: "sk-env-SECRET-abcdef" },
    });
    expect(status.stdout).toMatch(/groq\s+✓ auth\.json/);
    expect(status.stdout).toMatch(/openai\s+✓ env OPENAI_API_KEY/);
    const json = await runInProcess(["auth", "status", "--json"], home, {
      env: { OPENAI_API_KEY: "sk-env-SECRET-abcdef" },
    });
    const rows = JSON.parse(json.stdout) as { provider: string; hasCredential: boolean }[];
    expect(rows.find((r) => r.provider === "groq")?.hasCredential).toBe(true);
    for (const output of [login, status, json]) {
      expect(output.stdout + output.stderr).not.toContain("SECRET");
    }

    const logout = await runInProcess(["logout", "groq"], home, { env: { GROQ_API_KEY: "gsk-env" } });
    expect(logout.stdout).toContain(
      "Removed the stored credential for groq. env GROQ_API_KEY still supplies a key for groq.",
    );
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({});
  });

  it("colours a terminal's output, and honours NO_COLOR", async () => {
    const { NO_COLOR: _, ...colourable } = home.env({ GROQ_API_KEY: "gsk" });
    const coloured = await runInProcess(["auth", "status"], home, { tty: true, baseEnv: colourable });
    expect(coloured.stdout).toContain("\u001b[32m✓ env GROQ_API_KEY");
    const plain = await runInProcess(["auth", "status"], home, {
      tty: true,
      baseEnv: { ...colourable, NO_COLOR: "1" },
    });
    expect(plain.stdout).toContain("✓ env GROQ_API_KEY");
    expect(plain.stdout).not.toContain("\u001b[");
  });

  it("refuses a login for an unknown provider with a suggestion", async () => {
    const result = await runInProcess(["login", "anthropik"], home, { stdin: "k" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown provider "anthropik". Did you mean "anthropic"?');
  });

  it("lists models: only providers with a credential by default, all with --all, filtered, as JSON", async () => {
    const none = await runInProcess(["--list-models"], home);
    expect(none.stdout).toContain("No provider has a credential yet");
    const some = await runInProcess(["--list-models"], home, { env: { ANTHROPIC_API_KEY: "sk-ant-x" } });
    const providers = new Set(
      some.stdout
        .split("\n")
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split("/")[0]),
    );
    expect([...providers]).toEqual(["anthropic"]);
    const all = await runInProcess(["--list-models", "--all", "--json"], home);
    const models = JSON.parse(all.stdout) as { provider: string }[];
    expect(new Set(models.map((m) => m.provider)).size).toBeGreaterThanOrEqual(25);
    const filtered = await runInProcess(["--list-models", "sonnet", "--all"], home);
    const lines = filtered.stdout.trim().split("\n").slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.toLowerCase()).toMatch(/s.*o.*n.*n.*e.*t/);
  });

  it("a models.json mistake is shown, and the built-ins still work", async () => {
    await home.writeJson("models.json", { providers: { ollama: { baseURL: "http://127.0.0.1:11434/v1" } } });
    const result = await runInProcess(["--list-models", "--all"], home);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("anthropic/");
    const print = await runInProcess(["-p", "hi"], home);
    expect(print.stderr).toContain('did you mean "baseUrl"');
  });

  it("chooses a stored key over an ambient variable of another provider", async () => {
    const server = await startMockServer();
    try {
      server.setDefault(openaiCompletionsReply({ text: "from mistral" }));
      await runInProcess(["login", "mistral"], home, { stdin: "mistral-stored-key" });
      await home.writeJson("models.json", { providers: { mistral: { baseUrl: `${server.url}/v1` } } });
      const result = await runInProcess(["-p", "hi"], home, {
        env: { ANTHROPIC_API_KEY: "sk-ant-ambient", GH_TOKEN: "gh", AWS_PROFILE: "dev" },
      });
      expect(result).toMatchObject({ code: 0, stdout: "from mistral\n" });
      expect(server.requests[0]?.headers.authorization).toBe("Bearer mistral-stored-key");
    } finally {
      await server.close();
    }
  });

  it("--model matches fuzzily, and a miss says what was meant", async () => {
    const miss = await runInProcess(["-p", "hi", "--model", "claude-sonet-4-5-nonexistent-xyz"], home, {
      env: { ANTHROPIC_API_KEY: "k" },
    });
    expect(miss.code).toBe(2);
    expect(miss.stderr).toContain('unknown model "claude-sonet-4-5-nonexistent-xyz"');
    const unknownProvider = await runInProcess(["-p", "hi", "--provider", "opnai"], home);
    expect(unknownProvider.stderr).toContain('unknown provider "opnai". Did you mean "openai"?');
  });
});
