import { stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AuthStore, LockTimeoutError } from "@elyra/auth-store";
import { describe, expect, it } from "vitest";
import { withFileLock } from "../src/file-lock.js";
import {
  Child,
  childBundles,
  deadHoldersLock,
  deadPid,
  leftovers,
  oauthEntry,
  tempDir,
  writeLockFile,
} from "./helpers.js";

const bundles = childBundles("lock-holder.ts");

/** A process that holds the auth.json lock (inside a refresh that never ends) until it is killed. */
async function startLockHolder(path: string): Promise<Child> {
  const store = await AuthStore.open(path);
  await store.set("example", oauthEntry({ expires: 0 }));
  const holder = new Child(bundles["lock-holder.ts"]!, [path, "example"]);
  await holder.waitForLine((line) => line === "holding");
  return holder;
}

describe("the auth.json lock", () => {
  it("reclaims at once a lock left by a process killed while holding it", async () => {
    const path = join(await tempDir(), "auth.json");
    const holder = await startLockHolder(path);
    await holder.kill();
    await expect(stat(`${path}.lock`)).resolves.toBeDefined();

    const started = performance.now();
    await (await AuthStore.open(path)).set("openai", { type: "api_key", key: "OPENAI_API_KEY" });
    const elapsedMs = performance.now() - started;

    expect(elapsedMs).toBeLessThan(1000);
    expect(await leftovers(join(path, ".."))).toEqual([]);
    console.info(`lock of a SIGKILLed holder reclaimed; the write took ${elapsedMs.toFixed(1)} ms`);
  });

  it("reclaims at once a lock file naming a dead pid", async () => {
    const path = join(await tempDir(), "auth.json");
    const pid = await deadHoldersLock(`${path}.lock`);
    const started = performance.now();
    await (await AuthStore.open(path)).set("openai", { type: "api_key", key: "OPENAI_API_KEY" });
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeLessThan(1000);
    console.info(`lock naming dead pid ${pid} reclaimed; the write took ${elapsedMs.toFixed(1)} ms`);
  });

  it("waits for a live holder, then gives up with an error naming the lock file and the holder", async () => {
    const path = join(await tempDir(), "auth.json");
    const holder = await startLockHolder(path);
    try {
      const store = await AuthStore.open(path, { lockTimeoutMs: 300 });
      const started = performance.now();
      const error = await store
        .set("openai", { type: "api_key", key: "k" })
        .catch((caught: unknown) => caught);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(LockTimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        lockPath: `${path}.lock`,
        timeoutMs: 300,
        holderPid: holder.process.pid,
      });
      expect((error as Error).message).toContain(
        `Timed out after 300 ms waiting for the lock ${path}.lock, held by process ${holder.process.pid}`,
      );
      expect(await store.list()).toEqual(["example"]);
    } finally {
      await holder.kill();
    }
  });

  it("takes over a lock older than lockStaleMs even when its pid is alive (pid reuse)", async () => {
    const path = join(await tempDir(), "auth.json");
    await writeLockFile(`${path}.lock`, {
      pid: process.pid,
      token: "feedface",
      created: Date.now() - 60_000,
    });
    const store = await AuthStore.open(path, { lockStaleMs: 30_000, lockTimeoutMs: 2000 });
    await store.set("openai", { type: "api_key", key: "OPENAI_API_KEY" });
    expect(await store.list()).toEqual(["openai"]);
  });
});

// The reclaim protocol on its own: a reclaimer must first create a marker named after the stale lock's token.
describe("reclaiming a dead holder's lock", () => {
  it("leaves it to a live process that is already reclaiming it", async () => {
    const lockPath = join(await tempDir(), "auth.json.lock");
    await deadHoldersLock(lockPath);
    await writeLockFile(`${lockPath}.0badc0de0badc0de.reclaim0`, { pid: process.pid, token: "abc123" });
    const error = await withFileLock(lockPath, async () => {}, { timeoutMs: 200 }).catch((caught) => caught);
    expect(LockTimeoutError.isInstance(error)).toBe(true);
  });

  it("takes over from a reclaimer that died mid-way", async () => {
    const dir = await tempDir();
    const lockPath = join(dir, "auth.json.lock");
    const pid = await deadHoldersLock(lockPath);
    await writeLockFile(`${lockPath}.0badc0de0badc0de.reclaim0`, { pid, token: "abc123" });
    let ran = false;
    await withFileLock(lockPath, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("lets only one of many waiters in at a time", async () => {
    const dir = await tempDir();
    const lockPath = join(dir, "auth.json.lock");
    const pid = await deadPid();
    let inside = 0;
    let most = 0;
    const task = async () => {
      inside++;
      most = Math.max(most, inside);
      await sleep(1);
      inside--;
    };
    for (let round = 0; round < 5; round++) {
      await deadHoldersLock(lockPath, pid);
      await Promise.all(Array.from({ length: 16 }, () => withFileLock(lockPath, task)));
    }
    expect(most).toBe(1);
    expect(await leftovers(dir)).toEqual([]);
  });
});
