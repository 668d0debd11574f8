import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Creates `dir` and any missing parents with mode 0700, whatever the umask. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  // mkdir's mode is narrowed by the umask and chmod's is not, so every directory created here ends up 0700.
  for (let current = dir; ; current = dirname(current)) {
    await chmod(current, 0o700);
    if (current === first || dirname(current) === current) return;
  }
}

/**
 * Replaces `path` with `data`. Readers see the old file or the new one and never a part of either, and a
 * crash at any point leaves one of the two: the data goes to a temporary file in the same directory (so the
 * rename cannot cross file systems), is flushed to disk, and only then renamed over `path`.
 */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temp = join(dirname(path), `${tempPrefix(path)}${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      // open's mode is narrowed by the umask; chmod makes it exactly `mode`.
      await handle.chmod(mode);
      await handle.writeFile(data, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Deletes temporary files that a killed writer left next to `path`. Call it only while holding the lock that
 * every writer of `path` holds: then no temporary file can belong to a write still in progress.
 */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith(".tmp"));
  await Promise.all(stale.map((name) => unlink(join(dirname(path), name)).catch(() => {})));
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

// Codes of platforms that cannot fsync a directory (Windows cannot even open one); the rename itself is done.
const UNSUPPORTED_DIRECTORY_SYNC = new Set(["EISDIR", "EPERM", "EACCES", "EINVAL", "ENOTSUP", "EBADF"]);

/** Flushes the directory entry, so that the rename survives a power loss. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!UNSUPPORTED_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
  }
}
