/**
 * A lock shared by every process that writes auth.json: a lock file created with an exclusive hard link,
 * holding the owner's pid, host and a random token.
 *
 * Hand-written for one measured reason. proper-lockfile tells a dead holder only by the lock's mtime and will
 * not take a `stale` window under 2 s, so after a writer is killed every other process waits at least 2 s.
 * Here a holder on this host whose pid is gone (`process.kill(pid, 0)` throws ESRCH) is reclaimed at once:
 * test/lock.test.ts measures the first write after a SIGKILLed holder at 5-30 ms. A lock older than `staleMs`
 * is stale whatever its pid says: that covers a reused pid, and holders on other hosts, whose pids we cannot
 * check.
 */
import { randomBytes } from "node:crypto";
import { link, open, readdir, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LockTimeoutError } from "./errors.js";

export interface FileLockOptions {
  /** How long to wait for the lock before throwing `LockTimeoutError`. Default 30 s. */
  timeoutMs?: number;
  /** Age after which a lock is taken over even if its holder seems alive. Default 5 min. */
  staleMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  /** Epoch ms. */
  created: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STALE_MS = 5 * 60_000;
// A generation is tried only after the previous reclaimer died mid-way; more than a few means trouble.
const MAX_RECLAIM_GENERATIONS = 8;

/** Runs `task` while holding the lock at `lockPath`; the directory must exist. */
export async function withFileLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const owner = await acquire(lockPath, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, staleMs);
  try {
    await removeLeftovers(lockPath);
    return await task();
  } finally {
    await release(lockPath, owner);
  }
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<LockOwner> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const owner = newOwner();
    if (await tryCreate(lockPath, owner)) return owner;
    const holder = await readOwner(lockPath);
    // Released between the two calls, or stale and removed just now: no reason to wait.
    if (holder === "gone") continue;
    if (isStale(holder, staleMs) && (await reclaim(lockPath, holder, staleMs))) continue;
    if (Date.now() >= deadline) throw timeoutError(lockPath, timeoutMs, holder);
    await sleep(backoff(attempt));
  }
}

async function release(lockPath: string, owner: LockOwner): Promise<void> {
  const current = await readOwner(lockPath);
  // Only our own lock: if ours was taken over as stale, the file now belongs to someone else.
  if (current !== "gone" && current.token === owner.token) await unlinkIfPresent(lockPath);
}

/**
 * Removes the lock `stale` described, so that only one of several processes that saw it stale can succeed. A
 * reclaimer first creates a marker named after the stale lock's token, exclusively, and only then checks that
 * the lock still holds that token and deletes it. Should a reclaimer die holding its marker, the next one
 * uses the next generation's marker. Returns whether acquiring should be retried at once.
 */
async function reclaim(lockPath: string, stale: LockOwner, staleMs: number): Promise<boolean> {
  for (let generation = 0; generation < MAX_RECLAIM_GENERATIONS; generation++) {
    const marker = `${lockPath}.${stale.token}.reclaim${generation}`;
    if (!(await tryCreate(marker, newOwner()))) {
      const other = await readOwner(marker);
      if (other === "gone") return true;
      if (!isStale(other, staleMs)) return false;
      continue;
    }
    try {
      const current = await readOwner(lockPath);
      if (current !== "gone" && current.token === stale.token) await unlinkIfPresent(lockPath);
      return true;
    } finally {
      await unlinkIfPresent(marker);
    }
  }
  return false;
}

// Hard links fail on some file systems (FAT, some network and FUSE mounts); there it is created in place.
const LINK_UNSUPPORTED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Creates `path` holding `owner`, unless it exists. The content is written to a temporary file first and
 * linked into place, so that nobody ever reads a half-written lock.
 */
async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const content = JSON.stringify(owner);
  const temp = `${path}.${owner.token}.tmp`;
  await writeFile(temp, content, { flag: "wx", mode: 0o600 });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") return false;
    // The lock holder's clean-up removed our temporary file: it holds the lock, so we wait like for EEXIST.
    if (code === "ENOENT") return false;
    if (LINK_UNSUPPORTED.has(code)) return createInPlace(path, content);
    throw error;
  } finally {
    await unlinkIfPresent(temp);
  }
}

async function createInPlace(path: string, content: string): Promise<boolean> {
  try {
    await writeFile(path, content, { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * The lock's owner, or "gone" if there is no lock. A lock whose content cannot be read (only possible where
 * it is created in place) is identified by its inode and mtime, and is stale only by age.
 */
async function readOwner(path: string): Promise<LockOwner | "gone"> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const [text, stats] = await Promise.all([handle.readFile("utf8"), handle.stat()]);
    const fallback = { pid: 0, host: "", token: `inode${stats.ino}-${Math.round(stats.mtimeMs)}` };
    return { ...fallback, created: stats.mtimeMs, ...parseOwner(text) };
  } finally {
    await handle.close();
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    const valid =
      Number.isInteger(value.pid) &&
      typeof value.host === "string" &&
      typeof value.token === "string" &&
      /^[0-9a-f]+$/.test(value.token) &&
      typeof value.created === "number";
    return valid ? (value as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(owner: LockOwner, staleMs: number): boolean {
  if (Date.now() - owner.created > staleMs) return true;
  return owner.host === hostname() && !isRunning(owner.pid);
}

function isRunning(pid: number): boolean {
  // pid 0 and negative pids address process groups, not a process: treat them as unknown, that is as running.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Deletes what killed processes left next to the lock: their temporary lock files and reclaim markers. Called
 * while holding the lock; a contender whose temporary file goes this way simply retries.
 */
async function removeLeftovers(lockPath: string): Promise<void> {
  const prefix = `${basename(lockPath)}.`;
  const names = await readdir(dirname(lockPath)).catch(() => [] as string[]);
  const leftovers = names.filter((name) => name.startsWith(prefix) && /\.(tmp|reclaim\d+)$/.test(name));
  // Best effort: a leftover that cannot be deleted now harms nobody and is tried again next time.
  await Promise.all(leftovers.map((name) => unlink(join(dirname(lockPath), name)).catch(() => {})));
}

function newOwner(): LockOwner {
  return { pid: process.pid, host: hostname(), token: randomBytes(12).toString("hex"), created: Date.now() };
}

/** Small and jittered, so that many waiting processes do not retry in step. */
function backoff(attempt: number): number {
  return Math.min(50, 2 * 1.5 ** attempt) * (0.5 + Math.random());
}

function timeoutError(lockPath: string, timeoutMs: number, holder: LockOwner): LockTimeoutError {
  const who = holder.pid === 0 ? "an unknown process" : `process ${holder.pid}`;
  const host = holder.host ? ` on ${holder.host}` : "";
  return new LockTimeoutError(
    `Timed out after ${timeoutMs} ms waiting for the lock ${lockPath}, held by ${who}${host} since ` +
      `${new Date(holder.created).toISOString()}. If no Elyra process is running, delete the lock file.`,
    { lockPath, timeoutMs, holderPid: holder.pid === 0 ? undefined : holder.pid },
  );
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
