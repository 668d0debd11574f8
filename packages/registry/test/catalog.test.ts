import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CATALOG_INFO, catalogModels, catalogProviderIds } from "../src/catalog.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const SCRIPT = join(PACKAGE_DIR, "scripts/update-catalog.mjs");
const FIXTURES = join(PACKAGE_DIR, "test/fixtures");

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "elyra-catalog-test-"));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function runScript(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: PACKAGE_DIR, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), "utf8")]),
  );
}

describe("the committed catalog", () => {
  const ids = catalogProviderIds();

  it("lists its providers sorted, each with models", () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual([...ids].sort());
    for (const id of ids) expect(catalogModels(id).length, id).toBeGreaterThan(0);
  });

  it("has positive limits, non-negative prices and unique ids per provider", () => {
    for (const id of ids) {
      const models = catalogModels(id);
      expect(new Set(models.map((model) => model.id)).size, id).toBe(models.length);
      for (const model of models) {
        const where = `${id}/${model.id}`;
        expect(model.provider, where).toBe(id);
        expect(model.name.length, where).toBeGreaterThan(0);
        expect(Number.isInteger(model.contextWindow) && model.contextWindow > 0, where).toBe(true);
        expect(Number.isInteger(model.maxTokens) && model.maxTokens > 0, where).toBe(true);
        expect(model.input, where).toContain("text");
        for (const kind of model.input) expect(["text", "image"], where).toContain(kind);
        for (const price of Object.values(model.cost)) {
          expect(Number.isFinite(price) && price >= 0, `${where} cost`).toBe(true);
        }
        expect(Object.keys(model.cost).sort(), where).toEqual(["cacheRead", "cacheWrite", "input", "output"]);
      }
    }
  });

  it("says which source and date each provider's models came from", () => {
    expect(CATALOG_INFO.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(CATALOG_INFO.sources).sort()).toEqual(ids);
    for (const id of ids) {
      const { source, date } = CATALOG_INFO.sources[id]!;
      expect(source.length, id).toBeGreaterThan(0);
      expect(date, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(date <= CATALOG_INFO.generatedAt, id).toBe(true);
    }
  });

  it("returns [] for an id it does not know, including inherited property names", () => {
    expect(catalogModels("no-such-provider")).toEqual([]);
    expect(catalogModels("constructor")).toEqual([]);
    expect(catalogModels("__proto__")).toEqual([]);
  });

  it("hands out fresh objects, so a caller's change does not reach the next caller", () => {
    const [first] = catalogModels("anthropic");
    first!.cost.input = -1;
    first!.input.push("image");
    first!.baseUrl = "https://example.invalid";
    const [again] = catalogModels("anthropic");
    expect(again!.cost.input).toBeGreaterThanOrEqual(0);
    expect(again!.baseUrl).toBe("https://api.anthropic.com");
  });
});

describe("loading", () => {
  it("reads the index and then only the file of the provider asked for, once", async () => {
    vi.resetModules();
    const reads: string[] = [];
    vi.doMock("node:fs", async (importOriginal) => {
      const fs = await importOriginal<typeof import("node:fs")>();
      const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], options?: unknown) => {
        reads.push(String(path));
        return fs.readFileSync(path, options as BufferEncoding);
      }) as typeof fs.readFileSync;
      return { ...fs, readFileSync, default: { ...fs, readFileSync } };
    });
    try {
      const fresh = await import("../src/catalog.js");
      expect(reads.map((path) => path.split("/").pop())).toEqual(["index.json"]);

      const started = performance.now();
      const models = fresh.catalogModels("openrouter");
      const elapsed = performance.now() - started;
      expect(models.length).toBeGreaterThan(100);
      fresh.catalogModels("openrouter");
      fresh.catalogModels("groq");
      expect(reads.map((path) => path.split("/").pop())).toEqual([
        "index.json",
        "openrouter.generated.json",
        "groq.generated.json",
      ]);
      // The largest provider file (316 models), cold: about 1 ms here. The bound is loose so a busy machine does not fail it.
      expect(elapsed).toBeLessThan(50);
    } finally {
      vi.doUnmock("node:fs");
      vi.resetModules();
    }
  });
});

describe("scripts/update-catalog.mjs", () => {
  const fixtureArgs = [
    "--source",
    join(FIXTURES, "api.json"),
    "--extra",
    join(FIXTURES, "catalog-extra.json"),
  ];

  it("turns a models.dev api.json into the expected files, and the same bytes on a rerun", () => {
    const first = tempDir();
    const second = tempDir();
    const run = runScript(...fixtureArgs, "--out", first);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("7 models for 4 providers");
    expect(runScript(...fixtureArgs, "--out", second).status).toBe(0);

    const expected = filesOf(join(FIXTURES, "catalog-expected"));
    expect(filesOf(first)).toEqual(expected);
    expect(filesOf(second)).toEqual(filesOf(first));
  });

  it("maps ids, keeps tool-calling models only, routes model families and applies the extra file", () => {
    const out = tempDir();
    const run = runScript(...fixtureArgs, "--out", out);
    expect(run.status, run.stderr).toBe(0);
    const read = (name: string) => JSON.parse(readFileSync(join(out, name), "utf8"));

    const deepseek = read("deepseek.generated.json").models;
    // deepseek-embed has no tool calling; deepseek-v9 comes from the extra file; deepseek-v10 lacks fields.
    expect(deepseek.map((model: { id: string }) => model.id)).toEqual(["deepseek-chat", "deepseek-v9"]);
    expect(run.stderr).toContain("deepseek/deepseek-v10 is in no source and lacks");

    // fireworks-ai → fireworks; video input dropped; float noise and padding trimmed.
    const [kimi] = read("fireworks.generated.json").models;
    expect(kimi).toMatchObject({ name: "Kimi K2", input: ["text", "image"], cost: { input: 0.6 } });

    // Per-family routes on OpenCode Zen; the deprecated model is gone; the patch added one flag.
    const opencode = read("opencode.generated.json").models;
    expect(opencode.map((model: { id: string }) => model.id)).toEqual(["claude-x", "glm-x", "gpt-x"]);
    expect(opencode[0]).toMatchObject({ api: "anthropic-messages", baseUrl: "https://opencode.ai/zen" });
    expect(opencode[1].api).toBeUndefined();
    expect(opencode[1].compat).toEqual({ thinkingFormat: "zai" });
    expect(opencode[2]).toMatchObject({ api: "openai-responses", baseUrl: "https://opencode.ai/zen/v1" });

    // zai-coding-plan wins over zai for the same id; glm-4.5 is retired; glm-4.5v has no output limit.
    expect(read("zai.generated.json").models).toEqual([
      expect.objectContaining({ id: "glm-4.6", name: "GLM-4.6" }),
    ]);

    const index = read("index.json");
    expect(Object.keys(index.providers)).toEqual(["deepseek", "fireworks", "opencode", "zai"]);
    expect(index.generatedAt).toBe("2026-06-30");
    expect(index.sources.deepseek).toEqual({ source: "api.json + catalog-extra.json", date: "2026-06-30" });
  });

  it("removes files of providers that no longer have models", () => {
    const out = tempDir();
    writeFileSync(join(out, "groq.generated.json"), "{}\n");
    writeFileSync(join(out, "notes.txt"), "kept\n");
    expect(runScript(...fixtureArgs, "--out", out).status).toBe(0);
    expect(readdirSync(out)).not.toContain("groq.generated.json");
    expect(readdirSync(out)).toContain("notes.txt");
  });

  it("refuses a source with a wrong field, naming the file and the field, with exit code 2", () => {
    const out = tempDir();
    const source = join(FIXTURES, "api.malformed.json");
    const run = runScript("--source", source, "--out", out, "--no-extra");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(source);
    expect(run.stderr).toContain("groq.models.llama-x.limit.context");
    expect(run.stderr).toContain("expected number, received string");
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses a source that is not JSON, and arguments it does not know, with exit code 2", () => {
    const dir = tempDir();
    const source = join(dir, "api.json");
    writeFileSync(source, "{ not json");
    const run = runScript("--source", source, "--out", join(dir, "out"), "--no-extra");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${source} is not valid JSON`);

    const missing = runScript("--source", join(dir, "absent.json"), "--out", join(dir, "out"), "--no-extra");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("absent.json: cannot read the file (ENOENT)");

    const unknown = runScript("--sauce", source, "--out", join(dir, "out"));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown argument --sauce");

    const npmPackage = runScript("--source", "npm:left-pad@1.3.0", "--out", join(dir, "out"));
    expect(npmPackage.status).toBe(2);
    expect(npmPackage.stderr).toContain("unknown data package");
  });
});
