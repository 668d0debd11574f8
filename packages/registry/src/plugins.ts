import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PackageError, PluginSource } from "./plugin-source.js";

/**
 * A package listed in settings.json: an absolute path to its folder, or a name installed under
 * `<agentDir>/packages/node_modules`. Its entry is found from package.json (`exports`, then `main`, then
 * index.js) and imported the first time the registry loads plugins.
 */
export function packageSource(spec: string, agentDir: string): PluginSource {
  return new PluginSource(spec, "package", async () => {
    const dir = packageDir(spec, agentDir);
    const entry = await packageEntry(dir);
    return import(pathToFileURL(join(dir, entry)).href);
  });
}

function packageDir(spec: string, agentDir: string): string {
  if (isAbsolute(spec)) return spec;
  if (spec.startsWith(".") || spec.includes("\\")) {
    throw new PackageError("a package is a name installed under packages/node_modules or an absolute path");
  }
  return join(resolve(agentDir), "packages", "node_modules", spec);
}

async function packageEntry(dir: string): Promise<string> {
  const manifestPath = join(dir, "package.json");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new PackageError(`${manifestPath} does not exist; install the package there or fix its name`);
  }
  let manifest: { exports?: unknown; main?: unknown };
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new PackageError(`${manifestPath} is not valid JSON`);
  }
  return exportsEntry(manifest.exports) ?? (typeof manifest.main === "string" ? manifest.main : "index.js");
}

// The conditions an ESM import in Node would match, in the order Node checks them.
const CONDITIONS = ["node", "import", "default"];

/** The file `exports` maps "." to for an ESM import, or undefined when `exports` does not say. */
function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (typeof exports !== "object" || exports === null || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  // Either a map of subpaths ({".": …}) or of conditions ({"import": …}) for the package root.
  if (Object.keys(map).some((key) => key.startsWith("."))) return exportsEntry(map["."]);
  for (const [condition, target] of Object.entries(map)) {
    if (!CONDITIONS.includes(condition)) continue;
    const entry = exportsEntry(target);
    if (entry) return entry;
  }
  return undefined;
}
