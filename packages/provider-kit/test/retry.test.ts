import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterMs, sleep } from "../src/retry.js";

// Latency bounds measure this process's event loop: on a loaded 2-core machine one run can be starved by
// its neighbours, so these tests get two more tries; a real regression fails all three.
const TIMING = { retry: 2 };

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-03T12:00:00Z");

  it("reads retry-after-ms first, then retry-after seconds", () => {
    expect(retryAfterMs({ "retry-after-ms": "1500.2", "retry-after": "9" }, now)).toBe(1501);
    expect(retryAfterMs({ "retry-after": "2" }, now)).toBe(2000);
    expect(retryAfterMs({ "retry-after": "0.25" }, now)).toBe(250);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(retryAfterMs({ "retry-after": "Thu, 03 Dec 2026 12:00:30 GMT" }, now)).toBe(30_000);
    expect(retryAfterMs({ "retry-after": "Thu, 03 Dec 2026 11:00:00 GMT" }, now)).toBe(0);
  });

  it("ignores absent, empty and unreadable values", () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "", "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "-5", "retry-after": "-5" }, now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("doubles per retry within ±25 % jitter, capped at 30 s", () => {
    for (let i = 0; i < 50; i++) {
      const first = backoffDelay(0, 500);
      const third = backoffDelay(2, 500);
      expect(first).toBeGreaterThanOrEqual(375);
      expect(first).toBeLessThanOrEqual(625);
      expect(third).toBeGreaterThanOrEqual(1500);
      expect(third).toBeLessThanOrEqual(2500);
      expect(backoffDelay(20, 500)).toBeLessThanOrEqual(37_500);
    }
  });
});

describe("sleep", () => {
  it("rejects with the abort reason as soon as the signal aborts", TIMING, async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error("stop")), 10);
    await expect(sleep(10_000, controller.signal)).rejects.toThrow("stop");
    expect(performance.now() - started).toBeLessThan(100);
    await expect(sleep(10, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
    await expect(sleep(1, undefined)).resolves.toBeUndefined();
  });
});
