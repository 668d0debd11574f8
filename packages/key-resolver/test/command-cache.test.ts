import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { clearKeyCache, KeyResolutionError, resolveKey } from "../src/index.js";
import { countLines, rejectionOf, scratchDir, sh } from "./scratch.js";

beforeEach(() => {
  clearKeyCache();
});

/** A command that appends a line to `log` each time it runs, then prints `key`. */
function countedCommand(log: string, key: string, delay = "0.2"): string {
  return `!echo run >> ${sh(log)}; sleep ${delay}; printf '%s\\n' ${sh(key)}`;
}

describe.skipIf(process.platform === "win32")("command cache", () => {
  it("runs a command once for 100 concurrent calls, and then serves it from the cache", async () => {
    const log = join(await scratchDir(), "runs.log");
    const spec = countedCommand(log, "sk-test-shared-key");
    const keys = await Promise.all(Array.from({ length: 100 }, () => resolveKey(spec)));
    expect(keys).toEqual(Array(100).fill("sk-test-shared-key"));
    expect(await countLines(log)).toBe(1);

    const started = performance.now();
    expect(await resolveKey(spec)).toBe("sk-test-shared-key");
    expect(performance.now() - started).toBeLessThan(100);
    expect(await countLines(log)).toBe(1);
  });

  it("does not cache a failure: the next call runs the command again and can succeed", async () => {
    const dir = await scratchDir();
    const log = join(dir, "runs.log");
    const marker = join(dir, "unlocked");
    const locked = `{ echo 'vault locked' >&2; exit 4; }`;
    const spec = `!echo run >> ${sh(log)}; test -f ${sh(marker)} || ${locked}; echo sk-ok`;

    const concurrent = await Promise.allSettled(Array.from({ length: 10 }, () => resolveKey(spec)));
    expect(concurrent.every((each) => each.status === "rejected")).toBe(true);
    const reasons = concurrent.map((each) => (each.status === "rejected" ? each.reason : undefined));
    expect(reasons.every((reason) => KeyResolutionError.isInstance(reason) && reason.exitCode === 4)).toBe(
      true,
    );
    expect(await countLines(log)).toBe(1);

    await expect(resolveKey(spec)).rejects.toMatchObject({ reason: "exit" });
    expect(await countLines(log)).toBe(2);

    await writeFile(marker, "");
    expect(await resolveKey(spec)).toBe("sk-ok");
    expect(await resolveKey(spec)).toBe("sk-ok");
    expect(await countLines(log)).toBe(3);
  });

  it("runs the command again after clearKeyCache", async () => {
    const log = join(await scratchDir(), "runs.log");
    const spec = countedCommand(log, "sk-cleared", "0");
    await resolveKey(spec);
    clearKeyCache();
    await resolveKey(spec);
    expect(await countLines(log)).toBe(2);
  });

  it("does not let a run that started before clearKeyCache refill the cache", async () => {
    const log = join(await scratchDir(), "runs.log");
    const spec = countedCommand(log, "sk-stale");
    const before = resolveKey(spec);
    clearKeyCache();
    expect(await before).toBe("sk-stale");
    await resolveKey(spec);
    expect(await countLines(log)).toBe(2);
  });

  it("keys the cache on the environment's contents and the working directory", async () => {
    const dir = await scratchDir();
    const log = join(dir, "runs.log");
    const spec = `!echo run >> ${sh(log)}; printf 'sk-%s' "$ELYRA_TEST_VARIANT"`;
    const envA = { ...process.env, ELYRA_TEST_VARIANT: "a" };
    const envB = { ...process.env, ELYRA_TEST_VARIANT: "b" };

    expect(await resolveKey(spec, { env: envA })).toBe("sk-a");
    expect(await resolveKey(spec, { env: envB })).toBe("sk-b");
    expect(await countLines(log)).toBe(2);

    // A different object with the same contents is the same environment.
    expect(await resolveKey(spec, { env: { ...envA } })).toBe("sk-a");
    expect(await countLines(log)).toBe(2);

    expect(await resolveKey(spec, { env: envA, cwd: dir })).toBe("sk-a");
    expect(await countLines(log)).toBe(3);
  });

  it("shares a run between callers with different timeouts and signals", async () => {
    const log = join(await scratchDir(), "runs.log");
    const spec = countedCommand(log, "sk-shared", "0.3");
    const controller = new AbortController();
    const patient = resolveKey(spec, { timeoutMs: 5000 });
    const impatient = rejectionOf(resolveKey(spec, { timeoutMs: 50 }));
    const aborted = rejectionOf(resolveKey(spec, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);

    expect(await impatient).toMatchObject({ reason: "timeout", timeoutMs: 50 });
    expect(await aborted).toMatchObject({ reason: "aborted" });
    // The command keeps running for the caller that still waits, and its result is cached.
    expect(await patient).toBe("sk-shared");
    expect(await resolveKey(spec)).toBe("sk-shared");
    expect(await countLines(log)).toBe(1);
  });
});
