import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentTool } from "../src/index.js";
import { bashTool, editTool, executeToolCall, readTool, writeTool } from "../src/index.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "elyra-tools-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function call(tool: AgentTool, args: Record<string, unknown>, signal?: AbortSignal) {
  const result = await executeToolCall(
    { type: "toolCall", id: "c1", name: tool.name, arguments: args },
    [tool],
    {
      cwd,
      signal,
    },
  );
  const text = result.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  return { text, isError: result.isError };
}

describe("read", () => {
  it("returns a small file whole, relative to the working directory", async () => {
    await writeFile(join(cwd, "a.txt"), "one\ntwo\n");
    expect(await call(readTool, { path: "a.txt" })).toEqual({ text: "one\ntwo", isError: false });
  });

  it("pages a large file with offset and limit and says how to continue", async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`);
    await writeFile(join(cwd, "big.txt"), lines.join("\n"));
    const first = await call(readTool, { path: "big.txt" });
    expect(first.text).toContain("line 2000\n");
    expect(first.text).not.toContain("line 2001");
    expect(first.text).toContain("[Lines 1-2000 of 5000. Use offset=2001 to continue.]");
    const middle = await call(readTool, { path: join(cwd, "big.txt"), offset: 4999, limit: 10 });
    expect(middle.text).toBe("line 4999\nline 5000\n\n[Lines 4999-5000 of 5000.]");
  });

  it("refuses binary files, directories, missing files and bad offsets with errors the model can act on", async () => {
    await writeFile(join(cwd, "x.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    expect(await call(readTool, { path: "x.bin" })).toEqual({
      text: `${join(cwd, "x.bin")} is a binary file; read only works on text files`,
      isError: true,
    });
    expect((await call(readTool, { path: "." })).text).toContain("is a directory");
    expect((await call(readTool, { path: "nope.txt" })).text).toContain("does not exist");
    await writeFile(join(cwd, "a.txt"), "x\n");
    expect((await call(readTool, { path: "a.txt", offset: 5 })).text).toContain(
      "past the end of the file (1 lines)",
    );
    expect((await call(readTool, { path: "a.txt", offset: 0 })).text).toBe(
      '"offset" must be an integer >= 1',
    );
    expect((await call(readTool, {})).text).toBe('"path" must be a string');
  });
});

describe("write", () => {
  it("creates folders and replaces files", async () => {
    const out = await call(writeTool, { path: "deep/er/file.txt", content: "héllo" });
    expect(out).toEqual({ text: `Wrote 6 bytes to ${join(cwd, "deep/er/file.txt")}`, isError: false });
    await call(writeTool, { path: "deep/er/file.txt", content: "bye" });
    expect(await readFile(join(cwd, "deep/er/file.txt"), "utf8")).toBe("bye");
  });
});

describe("edit", () => {
  it("replaces exactly one occurrence", async () => {
    await writeFile(join(cwd, "f.ts"), "const a = 1;\nconst b = 2;\n");
    const out = await call(editTool, { path: "f.ts", oldText: "const b = 2;", newText: "const b = 3;" });
    expect(out).toEqual({ text: `Edited ${join(cwd, "f.ts")} at line 2`, isError: false });
    expect(await readFile(join(cwd, "f.ts"), "utf8")).toBe("const a = 1;\nconst b = 3;\n");
  });

  it("says how many matched when not exactly one, and leaves the file alone", async () => {
    await writeFile(join(cwd, "f.ts"), "x\nx\nx\n");
    const many = await call(editTool, { path: "f.ts", oldText: "x", newText: "y" });
    expect(many.isError).toBe(true);
    expect(many.text).toContain("oldText matched 3 times");
    const none = await call(editTool, { path: "f.ts", oldText: "z", newText: "y" });
    expect(none.text).toContain("oldText was not found");
    expect(await readFile(join(cwd, "f.ts"), "utf8")).toBe("x\nx\nx\n");
  });
});

describe("bash", () => {
  it("runs in the working directory and reports the exit code", async () => {
    const ok = await call(bashTool, { command: "pwd; echo err >&2" });
    expect(ok.isError).toBe(false);
    expect(ok.text).toContain(cwd);
    expect(ok.text).toContain("err");
    expect(ok.text).toContain("[exit code 0]");
    const failed = await call(bashTool, { command: "exit 3" });
    expect(failed).toEqual({ text: "(no output)\n[exit code 3]", isError: true });
  });

  it("keeps the end of a long output with a note", async () => {
    const out = await call(bashTool, { command: "seq 1 100000" });
    expect(out.text).toMatch(/^\[output truncated: the first \d+ bytes were dropped\]/);
    expect(out.text).toContain("\n100000\n[exit code 0]");
    expect(Buffer.byteLength(out.text)).toBeLessThan(52 * 1024);
  });

  it("kills the command and its children on timeout", async () => {
    const marker = join(cwd, "survived");
    const started = Date.now();
    const out = await call(bashTool, { command: `(sleep 3; touch ${marker}) & sleep 30`, timeout: 1 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(out.isError).toBe(true);
    expect(out.text).toContain("[timed out after 1 s; the command was killed]");
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await expect(stat(marker)).rejects.toThrow();
  });

  it("stops at once when aborted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const out = await call(bashTool, { command: "sleep 30" }, controller.signal);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(out).toMatchObject({ isError: true });
    expect(out.text).toContain("[aborted by the user]");
  });
});

describe("tool runner", () => {
  it("answers an unknown tool with the list of known ones", async () => {
    const result = await executeToolCall(
      { type: "toolCall", id: "1", name: "grep", arguments: {} },
      [readTool],
      { cwd },
    );
    expect(result).toMatchObject({ isError: true, toolCallId: "1", toolName: "grep" });
    expect(result.content[0]).toEqual({ type: "text", text: 'Unknown tool "grep". Available tools: read.' });
  });
});
