import { resolve as resolvePath } from "node:path";
import { cachedKey, commandCacheKey, type SharedRun, shareRun } from "./command-cache.js";
import { type CommandSpec, commandError, keyFromOutcome } from "./command-outcome.js";
import type { ResolveKeyOptions } from "./index.js";
import { runCommand } from "./run-command.js";

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout fires at once for anything longer (about 24.8 days), so longer waits are cut to this.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The key `command` prints: from the cache, from a run already in flight, or from a new run. */
export async function resolveCommand(
  command: string,
  label: string,
  options: ResolveKeyOptions,
): Promise<string> {
  const timeoutMs = readTimeout(options.timeoutMs);
  const cwd = resolvePath(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const spec: CommandSpec = { command, label, cwd };
  const { signal } = options;
  if (signal?.aborted) throw abortedError(spec, signal.reason);
  const cacheKey = commandCacheKey(command, cwd, env);
  const cached = cachedKey(cacheKey);
  if (cached !== undefined) return cached;
  // No await before this point: concurrent callers must find the run that the first one registered.
  const run = shareRun(cacheKey, async (stop) =>
    keyFromOutcome(spec, await runCommand(command, { cwd, env, signal: stop })),
  );
  return waitFor(run, spec, timeoutMs, signal);
}

function readTimeout(timeoutMs: number = DEFAULT_TIMEOUT_MS): number {
  if (typeof timeoutMs === "number" && timeoutMs > 0) return timeoutMs;
  throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
}

/**
 * Waits for `run` on behalf of one caller. The timeout and the signal are this caller's own: giving up
 * rejects only this caller, and the command is killed only when no caller is left waiting for it.
 */
function waitFor(
  run: SharedRun,
  spec: CommandSpec,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let waiting = true;
    run.waiters += 1;
    const stopWaiting = () => {
      waiting = false;
      run.waiters -= 1;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const giveUp = (error: Error) => {
      if (!waiting) return;
      stopWaiting();
      if (run.waiters === 0) run.cancel();
      reject(error);
    };
    const onAbort = () => giveUp(abortedError(spec, signal?.reason));
    const timer =
      timeoutMs === Number.POSITIVE_INFINITY
        ? undefined
        : setTimeout(() => giveUp(timeoutError(spec, timeoutMs)), Math.min(timeoutMs, MAX_TIMER_MS));
    signal?.addEventListener("abort", onAbort, { once: true });
    run.result.then(
      (key) => {
        if (!waiting) return;
        stopWaiting();
        resolve(key);
      },
      (error: unknown) => {
        if (!waiting) return;
        stopWaiting();
        reject(error);
      },
    );
  });
}

function timeoutError(spec: CommandSpec, timeoutMs: number) {
  const hint = "a key command must print the key without waiting for input";
  return commandError(spec, "timeout", `did not finish within ${timeoutMs} ms (${hint})`, { timeoutMs });
}

function abortedError(spec: CommandSpec, cause: unknown) {
  return commandError(spec, "aborted", "was aborted", { cause });
}
