import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("elyra", () => {
  it("lists the providers of the built-in plugins with their key variables", async () => {
    const { io, out } = capture();
    expect(await main(["providers"], io)).toBe(0);
    const text = out.join("");
    expect(text).toMatch(/anthropic\s+Anthropic\s+\(anthropic-messages; key: ANTHROPIC_API_KEY\)/);
    expect(text).toMatch(/openai\s+OpenAI/);
    expect(text).toMatch(/google\s+Google Gemini/);
  });

  it("prints the version and help", async () => {
    const version = capture();
    expect(await main(["--version"], version.io)).toBe(0);
    expect(version.out.join("")).toMatch(/^\d+\.\d+\.\d+/);
    const help = capture();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.out.join("")).toContain("Usage:");
  });

  it("rejects an unknown command with exit code 2 and a hint", async () => {
    const { io, err } = capture();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(err.join("")).toContain('unknown command: frobnicate');
    expect(err.join("")).toContain("elyra --help");
  });

  const bin = fileURLToPath(new URL("../bin/elyra.js", import.meta.url));
  const built = existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)));
  it.runIf(built)("runs as a built binary", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--version"]);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
