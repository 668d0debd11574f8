import { chmod } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import type { AuthEntries } from "./auth-file.js";

// What writing auth.json takes beyond reading it: atomic replacement and the cross-process lock. The store
// imports this module on its first write or refresh, so opening and reading auth.json loads neither (nor
// node:crypto, which both use for random names).

export { ensurePrivateDir, removeStaleTempFiles } from "./atomic-write.js";
export { withFileLock } from "./file-lock.js";

/** Writes every entry atomically with mode 0600 (see `writeFileAtomic`); keeps the directory 0700. */
export async function writeAuthFile(path: string, entries: AuthEntries): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`, 0o600);
  // Others who can write the directory can replace auth.json: tighten it again if it was loosened.
  await chmod(dirname(path), 0o700).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPERM") throw error;
  });
}
