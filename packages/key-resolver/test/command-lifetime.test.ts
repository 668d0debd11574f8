import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { clearKeyCache, KeyResolutionError, resolveKey } from "../src/index.js";
import { pidFrom, survivors } from "./processes.js";
import { countLines, rejectionOf, scratchDir, sh } from "./scratch.js";

beforeEach(() => {
  clearKeyCache();
});

/** A command that records its shell's pid and a background child's pid, then waits for that child. */
async function longCommand(seconds: number, prelude = "") {
  const dir = await scratchDir();
  const shellPid = join(dir, "shell.pid");
  const childPid = join(dir, "child.pid");
  const spec = `!${prelude}echo $$ > ${sh(shellPid)}; sleep ${seconds} & echo $! > ${sh(childPid)}; wait`;
  return { spec, pids: async () => [await pidFrom(shellPid), await pidFrom(childPid)] };
}

describe.skipIf(process.platform === "win32")("command lifetime", () => {
  it("times out, rejects within the timeout, and kills the shell and what it started", async () => {
    const { spec, pids } = await longCommand(5);
    const started = performance.now();
    const error = await rejectionOf(resolveKey(spec, { timeoutMs: 200 }));
    const elapsed = performance.now() - started;

    expect(KeyResolutionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: "timeout", timeoutMs: 200 });
    expect((error as Error).message).toContain("did not finish within 200 ms");
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
    expect(await survivors(await pids(), 1000)).toEqual([]);
  });

  it("kills with SIGKILL what ignores SIGTERM", async () => {
    const { spec, pids } = await longCommand(5, "trap '' TERM; ");
    await expect(resolveKey(spec, { timeoutMs: 200 })).rejects.toMatchObject({ reason: "timeout" });
    expect(await survivors(await pids(), 3000)).toEqual([]);
  });

  it("is aborted by the caller's signal, and kills the command", async () => {
    const { spec, pids } = await longCommand(5);
    const controller = new AbortController();
    const started = performance.now();
    const pending = resolveKey(spec, { signal: controller.signal });
    const running = await pids();
    controller.abort(new Error("user pressed Ctrl-C"));
    const error = await rejectionOf(pending);

    expect(error).toMatchObject({ reason: "aborted", kind: "command" });
    expect((error as Error).message).toContain("was aborted");
    expect((error as Error).cause).toEqual(new Error("user pressed Ctrl-C"));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await survivors(running, 1000)).toEqual([]);
  });

  it("rejects at once, without running the command, when the signal is already aborted", async () => {
    const log = join(await scratchDir(), "runs.log");
    const error = await rejectionOf(
      resolveKey(`!echo run >> ${sh(log)}; echo sk-x`, { signal: AbortSignal.abort() }),
    );
    expect(error).toMatchObject({ reason: "aborted" });
    expect(await countLines(log)).toBe(0);
  });

  it("runs again after a timeout, and can then succeed", async () => {
    const dir = await scratchDir();
    const log = join(dir, "runs.log");
    const spec = `!echo run >> ${sh(log)}; [ "$(wc -l < ${sh(log)})" -gt 1 ] || sleep 5; echo sk-second-time`;
    await expect(resolveKey(spec, { timeoutMs: 200 })).rejects.toMatchObject({ reason: "timeout" });
    expect(await resolveKey(spec, { timeoutMs: 2000 })).toBe("sk-second-time");
    expect(await countLines(log)).toBe(2);
  });

  it("waits for ever with timeoutMs: Infinity", async () => {
    expect(await resolveKey("!sleep 0.1; echo sk-patient", { timeoutMs: Number.POSITIVE_INFINITY })).toBe(
      "sk-patient",
    );
  });

  it("does not wait for a background process that keeps stdout open after the shell exits", async () => {
    const started = performance.now();
    expect(await resolveKey("!sleep 3 & echo sk-quick", { timeoutMs: 2000 })).toBe("sk-quick");
    expect(performance.now() - started).toBeLessThan(1500);
  });

  // The gap bound measures this process's event loop, which a loaded machine can starve once: two more tries.
  it("does not block the event loop while a command runs", { retry: 2 }, async () => {
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks += 1;
    }, 10);
    try {
      expect(await resolveKey("!sleep 0.3; echo sk-async")).toBe("sk-async");
    } finally {
      clearInterval(timer);
    }
    // A blocking exec would let the interval fire at most once, after the command.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(longestGap).toBeLessThan(150);
  });
});
