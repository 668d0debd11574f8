import { createHash } from "node:crypto";

/** One run of a command, shared by every caller that asked for it while it ran. */
export interface SharedRun {
  readonly result: Promise<string>;
  /** Callers still waiting. When the last one gives up (timeout, abort), the run is cancelled. */
  waiters: number;
  cancel(): void;
}

const keys = new Map<string, string>();
const runs = new Map<string, SharedRun>();
// Bumped by clearKeyCache, so that a run started before a clear does not fill the cache after it.
let generation = 0;

/**
 * Same command text, same working directory and same environment contents: same result. Contents rather than
 * object identity, so that a copy of process.env shares the cache and a changed variable runs the command
 * again. Hashed, so the cache holds no environment value.
 */
export function commandCacheKey(command: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const entries = Object.keys(env)
    .sort()
    .flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]]));
  const envHash = createHash("sha256").update(JSON.stringify(entries)).digest("base64url");
  return JSON.stringify([command, cwd, envHash]);
}

export function cachedKey(cacheKey: string): string | undefined {
  return keys.get(cacheKey);
}

/**
 * The run in flight for `cacheKey`, or a new one made by `start`. Only a success is cached; a failure is
 * forgotten with the run, so the next call runs the command again.
 */
export function shareRun(cacheKey: string, start: (stop: AbortSignal) => Promise<string>): SharedRun {
  const existing = runs.get(cacheKey);
  if (existing) return existing;
  const controller = new AbortController();
  const startedIn = generation;
  const forget = () => {
    if (runs.get(cacheKey) === run) runs.delete(cacheKey);
  };
  const result = start(controller.signal)
    .then((key) => {
      if (startedIn === generation) keys.set(cacheKey, key);
      return key;
    })
    .finally(forget);
  // Callers who gave up no longer listen; their failure must not surface as an unhandled rejection.
  result.catch(() => {});
  const run: SharedRun = {
    result,
    waiters: 0,
    cancel: () => {
      forget();
      controller.abort();
    },
  };
  runs.set(cacheKey, run);
  return run;
}

/**
 * Forgets every cached command result, so the next `resolveKey("!…")` runs its command again (after a key was
 * rotated, say). Commands already running finish for whoever waits for them, but their results are not kept.
 */
export function clearKeyCache(): void {
  keys.clear();
  runs.clear();
  generation += 1;
}
