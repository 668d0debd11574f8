import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openaiCompletionsReply, startMockServer } from "@elyra/testkit";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { builtinPackageSources } from "../src/builtin-plugins.js";
import { createRegistry } from "../src/index.js";
import { cleanEnv, drain, HELLO, removeDir, tempAgentDir, writeIn } from "./helpers.js";

// Counts the first import of each package: a mock factory runs when its module is first imported.
const loads = vi.hoisted(() => ({ kit: 0, openai: 0, anthropic: 0, google: 0 }));
vi.mock("@elyra/provider-kit", async (original) => {
  loads.kit++;
  return original();
});
vi.mock("@elyra/provider-openai", async (original) => {
  loads.openai++;
  return original();
});
vi.mock("@elyra/provider-anthropic", async (original) => {
  loads.anthropic++;
  return original();
});
vi.mock("@elyra/provider-google", async (original) => {
  loads.google++;
  return original();
});

const execFileAsync = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await tempAgentDir();
});
afterAll(async () => {
  await removeDir(dir);
});

test("listing, credentials and status import no wire API package (nor provider-kit's HTTP stack)", async () => {
  await writeIn(dir, "models.json", { providers: { groq: { apiKey: "!printf key" } } });
  const registry = createRegistry({ agentDir: dir, env: cleanEnv({ OPENAI_API_KEY: "sk-test" }) });
  expect((await registry.providers()).length).toBe(28);
  expect((await registry.models()).length).toBeGreaterThan(100);
  await registry.findModel("anthropic/claude-sonnet-4-6");
  await registry.status();
  expect(await registry.credentialFor("openai")).toMatchObject({ source: "env" });
  expect(await registry.credentialFor("groq")).toMatchObject({ source: "models.json" });
  expect(await registry.problems()).toEqual([]);
  expect(loads).toEqual({ kit: 0, openai: 0, anthropic: 0, google: 0 });
});

test("a request imports the one package whose API it uses; api() imports the package that serves it", async () => {
  const server = await startMockServer();
  try {
    await writeIn(dir, "models.json", { providers: { groq: { baseUrl: `${server.url}/openai/v1` } } });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ GROQ_API_KEY: "gsk-test" }) });
    server.enqueue(openaiCompletionsReply({ text: "hi" }));
    const { text } = await drain(registry.stream((await registry.models("groq"))[0]!, HELLO));
    expect(text).toBe("hi");
    expect(loads).toEqual({ kit: 1, openai: 1, anthropic: 0, google: 0 });
    expect(await registry.api("anthropic-messages")).toMatchObject({ api: "anthropic-messages" });
    expect(loads).toMatchObject({ openai: 1, anthropic: 1, google: 0 });
    expect(await registry.api("google-generative-ai")).toMatchObject({ api: "google-generative-ai" });
    expect(loads).toMatchObject({ openai: 1, anthropic: 1, google: 1 });
  } finally {
    await server.close();
  }
});

test("what the registry declares for each built-in package is what the package exports", async () => {
  for (const source of builtinPackageSources()) {
    const plugin = await source.load();
    expect(plugin, `${source.name}: ${source.failure}`).toBeDefined();
    expect(plugin!.name).toBe(source.name);
    expect((plugin!.apis ?? []).map((impl) => impl.api).sort()).toEqual([...source.declares!.apis].sort());
    expect((plugin!.providers ?? []).map((provider) => provider.id).sort()).toEqual(
      [...source.declares!.providers].sort(),
    );
  }
});

test("each built-in package's providers are in the catalog with the same API, so a listing needs no import", async () => {
  const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
  const listed = new Map((await registry.providers()).map((provider) => [provider.id, provider]));
  for (const source of builtinPackageSources()) {
    for (const provider of (await source.load())!.providers ?? []) {
      expect(listed.get(provider.id), provider.id).toMatchObject({ api: provider.api, origin: "builtin" });
      expect((await registry.models(provider.id)).length, provider.id).toBeGreaterThan(0);
    }
  }
});

// ─── zod loads only when there is a config file to validate ──────────────────────────────────────────────────

const registryEntry = new URL("../src/index.ts", import.meta.url).href;

/**
 * Runs `script` (ES module code with `registry` in scope, made for `agentDir`) in a fresh node, from source
 * through tsx, and returns the URL of every module Node loaded. A load hook appends each URL to a file before
 * the module is loaded, synchronously, so none can be missed; a fresh process means nothing was loaded before.
 */
async function modulesLoaded(agentDir: string, script: string): Promise<string[]> {
  const log = join(agentDir, "..", `${basename(agentDir)}.loads`);
  const hooks = [
    `import { appendFileSync } from "node:fs";`,
    `export async function load(url, context, next) {`,
    `  appendFileSync(${JSON.stringify(log)}, url + "\\n");`,
    `  return next(url, context);`,
    `}`,
  ].join("\n");
  const recorder = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const main = [
    `import { createRegistry } from ${JSON.stringify(registryEntry)};`,
    `const registry = createRegistry({ agentDir: ${JSON.stringify(agentDir)}, env: { ANTHROPIC_API_KEY: "sk-ant-test" } });`,
    script,
  ].join("\n");
  const args = [
    "--conditions=@elyra/source",
    "--import",
    "tsx",
    "--import",
    `data:text/javascript,${encodeURIComponent(recorder)}`,
  ];
  try {
    await execFileAsync(process.execPath, [...args, "--input-type=module", "-e", main], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: cleanEnv(),
    });
    return (await readFile(log, "utf8")).split("\n").filter(Boolean);
  } finally {
    await rm(log, { force: true });
  }
}

/** Whether zod was loaded, and which of this package's and auth-store's modules that import it were. */
function zodLoads(urls: string[]) {
  return {
    zod: urls.some((url) => url.includes("/node_modules/zod/")),
    modules: urls
      .filter((url) =>
        /\/(registry\/src\/(models-json-schema|settings-schema|plugin-shape)|auth-store\/src\/schema)\.ts$/.test(
          url,
        ),
      )
      .map((url) => url.replace(/^.*\/(registry|auth-store)\//, "$1/")),
  };
}

const LISTING = `
  await registry.providers();
  await registry.models();
  await registry.models("anthropic");
  await registry.findModel("anthropic/claude-sonnet-4-6");
  await registry.status();
  await registry.credentialFor("anthropic");
  await registry.settings();
  if ((await registry.problems()).length > 0) throw new Error("unexpected problems");
`;

test("with no config file, listing providers, models and status loads no zod, key resolver or lock", async () => {
  const empty = await tempAgentDir();
  try {
    // An empty auth.json is an empty store, like a missing one.
    await writeIn(empty, "auth.json", "");
    const loaded = await modulesLoaded(empty, LISTING);
    expect(loaded.some((url) => url.endsWith("/registry/src/registry.ts"))).toBe(true);
    expect(zodLoads(loaded)).toEqual({ zod: false, modules: [] });
    // Nor what only a key spec or a write needs: the key resolver (child_process) and the lock (node:crypto).
    const unneeded = /\/(key-resolver\/src\/.*|auth-store\/src\/(writing|atomic-write|file-lock))\.ts$/;
    expect(loaded.filter((url) => unneeded.test(url))).toEqual([]);
  } finally {
    await removeDir(empty);
  }
});

test("each config file that exists, and each package, is validated with zod (so the test above can fail)", async () => {
  const acme = fileURLToPath(new URL("./fixtures/acme-provider", import.meta.url));
  const cases: { files: Record<string, unknown>; modules: string[] }[] = [
    {
      files: { "models.json": { providers: { groq: { apiKey: "GROQ_KEY" } } } },
      modules: ["registry/src/models-json-schema.ts"],
    },
    {
      files: { "settings.json": { defaultProvider: "anthropic" } },
      modules: ["registry/src/settings-schema.ts"],
    },
    {
      files: { "settings.json": { packages: [acme] } },
      modules: ["registry/src/plugin-shape.ts", "registry/src/settings-schema.ts"],
    },
    {
      files: { "auth.json": { anthropic: { type: "api_key", key: "x" } } },
      modules: ["auth-store/src/schema.ts"],
    },
  ];
  await Promise.all(
    cases.map(async ({ files, modules }) => {
      const agentDir = await tempAgentDir();
      try {
        for (const [name, content] of Object.entries(files)) await writeIn(agentDir, name, content);
        const loaded = zodLoads(await modulesLoaded(agentDir, LISTING));
        expect({ zod: loaded.zod, modules: loaded.modules.sort() }, JSON.stringify(files)).toEqual({
          zod: true,
          modules,
        });
      } finally {
        await removeDir(agentDir);
      }
    }),
  );
});
