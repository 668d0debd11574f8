import { isAbsolute, resolve } from "node:path";

/** Paths from the model are relative to the working directory unless absolute; `~` is not expanded. */
export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
