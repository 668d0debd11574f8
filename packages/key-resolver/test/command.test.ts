import { realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { clearKeyCache, KeyResolutionError, resolveKey } from "../src/index.js";
import { rejectionOf, scratchDir, sh } from "./scratch.js";

beforeEach(() => {
  clearKeyCache();
});

async function failure(spec: string, options = {}): Promise<KeyResolutionError> {
  const error = await rejectionOf(resolveKey(spec, options));
  if (!KeyResolutionError.isInstance(error))
    throw new Error(`expected a KeyResolutionError, got ${String(error)}`);
  return error;
}

describe.skipIf(process.platform === "win32")("commands", () => {
  it("resolves to the command's stdout without the trailing newline", async () => {
    expect(await resolveKey("!echo sk-from-command")).toBe("sk-from-command");
  });

  it("removes all trailing whitespace but keeps leading whitespace", async () => {
    expect(await resolveKey("!printf '  sk-lead\\r\\n\\n \\t\\n'")).toBe("  sk-lead");
  });

  it("keeps every line of a multi-line output", async () => {
    expect(await resolveKey("!printf 'line one\\nline two\\n'")).toBe("line one\nline two");
  });

  it("runs through /bin/sh, so pipes, quotes and variables work", async () => {
    expect(await resolveKey(`!printf '%s' "a-b-c" | tr - _`)).toBe("a_b_c");
  });

  it("runs in options.env and options.cwd", async () => {
    const dir = await scratchDir();
    const env = { ...process.env, ELYRA_TEST_PART: "from-env" };
    expect(await resolveKey('!printf "%s" "$ELYRA_TEST_PART"', { env })).toBe("from-env");
    expect(await resolveKey("!pwd", { cwd: dir })).toBe(await realpath(dir));
  });

  it("closes stdin, so a command that reads it sees end of input at once", async () => {
    expect(await resolveKey("!cat; echo after-stdin", { timeoutMs: 2000 })).toBe("after-stdin");
  });

  it("keeps multi-byte characters that arrive split across reads", async () => {
    const dir = await scratchDir();
    const file = join(dir, "key.txt");
    const text = `${"é".repeat(40_000)}-🔑`;
    await writeFile(file, text);
    expect(await resolveKey(`!cat ${sh(file)}`)).toBe(text);
  });

  it("reports a non-zero exit with its code and the first line of stderr", async () => {
    // The second line comes from the environment: the message quotes the command, so it can't be in it.
    const command = `echo 'vault is locked' >&2; printf '%s\\n' "$ELYRA_TEST_LINE" >&2; exit 3`;
    const error = await failure(`!${command}`, { env: { ...process.env, ELYRA_TEST_LINE: "second line" } });
    expect(error).toMatchObject({ reason: "exit", kind: "command", exitCode: 3, command });
    expect(error.message).toContain("exited with code 3: vault is locked");
    expect(error.message).not.toContain("second line");
  });

  it("skips blank stderr lines and strips terminal escapes from the one it shows", async () => {
    const error = await failure("!printf '\\n  \\n\\033[31merror:\\033[0m no\\007 item\\n' >&2; exit 1");
    expect(error.message).toMatch(/exited with code 1: error: no item$/);
  });

  it("shortens a very long stderr line", async () => {
    const error = await failure("!head -c 5000 /dev/zero | tr '\\0' e >&2; exit 1");
    expect(error.message.length).toBeLessThan(450);
    expect(error.message.endsWith("e…")).toBe(true);
  });

  it("reports exit code 127 as a command that was not found", async () => {
    const error = await failure("!elyra-no-such-command-xyz --print");
    expect(error).toMatchObject({ reason: "not-found", exitCode: 127 });
    expect(error.message).toContain(
      'Key command "!elyra-no-such-command-xyz --print" failed: command not found',
    );
    expect(error.message).toContain("exit code 127");
    expect(error.message).toContain("elyra-no-such-command-xyz: not found");
  });

  it("rejects a command that prints nothing, or only whitespace", async () => {
    for (const spec of ["!true", "!printf ' \\n\\t\\n'"]) {
      const error = await failure(spec);
      expect(error).toMatchObject({ reason: "empty", exitCode: 0 });
      expect(error.message).toContain("printed nothing on stdout");
    }
  });

  it("reports a command killed by a signal", async () => {
    const error = await failure("!kill -KILL $$");
    expect(error).toMatchObject({ reason: "signal", signal: "SIGKILL" });
    expect(error.exitCode).toBeUndefined();
    expect(error.message).toContain("was killed by SIGKILL");
  });

  it("stops a command whose stdout passes 1 MiB, and keeps none of it", async () => {
    const started = Date.now();
    const error = await failure("!yes sk-runaway-output");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.reason).toBe("output-too-large");
    expect(error.message).toContain("printed more than 1 MiB on stdout");
    expect(error.message).not.toContain("sk-runaway-output\n");
  });

  it("accepts a key just under the cap", async () => {
    const key = await resolveKey("!head -c 1048575 /dev/zero | tr '\\0' k");
    expect(key).toHaveLength(1_048_575);
  });

  it("reports a working directory that does not exist as a command that could not start", async () => {
    const dir = await scratchDir();
    const error = await failure("!echo never", { cwd: join(dir, "missing") });
    expect(error.reason).toBe("spawn-failed");
    expect(error.message).toContain(`could not be started in ${join(dir, "missing")} (ENOENT)`);
  });

  it("rejects a bare ! as an empty command, without running anything", async () => {
    for (const spec of ["!", "!   ", "  ! \n"]) {
      const error = await failure(spec);
      expect(error).toMatchObject({ reason: "empty-command", kind: "command" });
    }
  });

  it("rejects a timeout that is not a positive number", async () => {
    for (const timeoutMs of [0, -1, Number.NaN]) {
      await expect(resolveKey("!echo x", { timeoutMs })).rejects.toBeInstanceOf(RangeError);
    }
  });
});
