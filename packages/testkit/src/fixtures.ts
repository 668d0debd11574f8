import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared corpus of real recorded provider streams (`../shared/fixtures` beside the repository), with
 * a converter that turns `.chunks.jsonl` payload lists back into the SSE bytes a server would send.
 */

/** `ELYRA_FIXTURES_DIR` when set, else `<repository root>/../shared/fixtures`. */
export function fixturesDir(): string {
  const override = process.env.ELYRA_FIXTURES_DIR;
  if (override) return resolve(override);
  return resolve(repositoryRoot(), "..", "shared", "fixtures");
}

/** The repository root: the nearest directory above this file holding pnpm-workspace.yaml. */
function repositoryRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(
        `no pnpm-workspace.yaml above ${start}; set ELYRA_FIXTURES_DIR to the fixtures directory`,
      );
    }
  }
}

/** Paths (relative to the fixtures directory, as loadFixture takes them) of the files in `subdir`, sorted. */
export function listFixtures(subdir: string): string[] {
  const dir = join(fixturesDir(), subdir);
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => `${subdir}/${name}`);
}

export function loadFixture(relPath: string): Buffer {
  return readFileSync(join(fixturesDir(), relPath));
}

export interface FixtureSseOptions {
  /** Write `event: <payload.type>` before each payload (Anthropic, OpenAI Responses). */
  eventNames: boolean;
  /** End with `data: [DONE]` (OpenAI Chat Completions). */
  done: boolean;
}

/**
 * A fixture as SSE bytes: `.sse` files unchanged (the options do not apply, the bytes are as recorded);
 * `.chunks.jsonl` files, one parsed data payload per line, framed as SSE with each line's text verbatim.
 */
export function fixtureAsSse(relPath: string, options: FixtureSseOptions): Buffer {
  if (extname(relPath) === ".sse") return loadFixture(relPath);
  if (!relPath.endsWith(".chunks.jsonl")) {
    throw new Error(`fixtureAsSse: ${relPath} is neither .sse nor .chunks.jsonl`);
  }
  const lines = loadFixture(relPath).toString("utf8").split(/\r?\n/);
  let out = "";
  for (const line of lines) {
    const payload = line.trim();
    if (payload.length === 0) continue;
    if (options.eventNames) out += eventLine(payload, relPath);
    out += `data: ${payload}\n\n`;
  }
  if (options.done) out += "data: [DONE]\n\n";
  return Buffer.from(out, "utf8");
}

function eventLine(payload: string, relPath: string): string {
  const parsed: unknown = JSON.parse(payload);
  const type = (parsed as { type?: unknown } | null)?.type;
  if (typeof type !== "string") throw new Error(`fixtureAsSse: a payload in ${relPath} has no string "type"`);
  return `event: ${type}\n`;
}
