import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AuthStore } from "@elyra/auth-store";
import { describe, expect, it } from "vitest";
import { Child, childBundles, leftovers, modeOf, tempDir } from "./helpers.js";

const KILLS = 100;
// Two lanes, each with its own auth.json, so that both cores are busy; within a lane the kills are in turn.
const LANES = 2;

const bundles = childBundles("crash-writer.ts");

interface LaneResult {
  committed: number;
  locksLeft: number;
  tempFilesSeen: number;
  mostLeftovers: number;
}

/** Starts writers, SIGKILLs each at a random moment of its writing, and checks the file every time. */
async function runLane(dir: string, lane: number, kills: number): Promise<LaneResult> {
  const path = join(dir, "auth.json");
  const committed = new Map<string, string>();
  const result: LaneResult = { committed: 0, locksLeft: 0, tempFilesSeen: 0, mostLeftovers: 0 };
  for (let kill = 0; kill < kills; kill++) {
    const child = new Child(bundles["crash-writer.ts"]!, [path, `l${lane}k${kill}`]);
    // Kill after its first committed write, at a random moment of the writes that follow: on a loaded
    // machine a fixed window after "ready" can pass before anything is written, and prove nothing.
    await child.waitForLine((line) => line.startsWith("committed "));
    await sleep(Math.random() * 80);
    await child.kill();

    for (const line of child.lines) {
      const name = /^committed (\S+)$/.exec(line)?.[1];
      if (name) committed.set(name, `key-${name}`);
    }
    // A fresh reader: the file parses, and every write the writer reported before dying is in it.
    const text = await readFile(path, "utf8").catch(() => "{}"); // killed before its first write
    const raw = JSON.parse(text) as Record<string, { key: string }>;
    const stored = await AuthStore.open(path).then((store) => store.list());
    expect(stored).toEqual(Object.keys(raw));
    for (const [name, key] of committed) expect(raw[name]?.key).toBe(key);
    if (committed.size > 0) expect(await modeOf(path)).toBe(0o600);
    expect(child.stderr).toBe("");

    const left = await leftovers(dir);
    if (left.includes("auth.json.lock")) result.locksLeft++;
    result.tempFilesSeen += left.filter((name) => name.endsWith(".tmp")).length;
    // Leftovers do not pile up: each writer that gets the lock removes what the killed ones left. A chain of
    // writers killed while reclaiming can leave a lock, a few temporary files and reclaim markers at once.
    result.mostLeftovers = Math.max(result.mostLeftovers, left.length);
    expect(left.length, left.join(", ")).toBeLessThanOrEqual(8);
  }
  result.committed = committed.size;
  return result;
}

describe("a writer killed with SIGKILL at random points", () => {
  it(`loses no committed entry and leaves a valid file, ${KILLS} times`, async () => {
    const started = performance.now();
    const dirs = await Promise.all(Array.from({ length: LANES }, () => tempDir()));
    const results = await Promise.all(dirs.map((dir, lane) => runLane(dir, lane, KILLS / LANES)));
    const elapsedMs = performance.now() - started;

    // One more write cleans up after the last kill.
    for (const dir of dirs) {
      const store = await AuthStore.open(join(dir, "auth.json"));
      await store.set("after", { type: "api_key", key: "AFTER_KEY" });
      expect(await leftovers(dir)).toEqual([]);
      expect(await modeOf(join(dir, "auth.json"))).toBe(0o600);
    }
    const total = (field: keyof LaneResult) => results.reduce((sum, result) => sum + result[field], 0);
    const mostLeftovers = Math.max(...results.map((result) => result.mostLeftovers));
    expect(total("committed")).toBeGreaterThanOrEqual(KILLS);
    console.info(
      `${KILLS} SIGKILLs: file valid every time, ${total("committed")} committed entries all present; ` +
        `${total("locksLeft")} kills left the lock held (reclaimed by the next writer), ` +
        `${total("tempFilesSeen")} temp files seen after kills, ` +
        `at most ${mostLeftovers} leftovers at a time, ` +
        `none after the next write; ${Math.round(elapsedMs)} ms`,
    );
  }, 120_000);
});
