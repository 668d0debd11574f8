import { cp } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AuthStore } from "@elyra/auth-store";
import type { ProviderPlugin } from "@elyra/provider-kit";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRegistry, type LazyPlugin } from "../src/index.js";
import { answer, cleanEnv, drain, HELLO, removeDir, tempAgentDir, writeIn } from "./helpers.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const ACME = join(FIXTURES, "acme-provider");

declare global {
  var __acmeEchoLoads: string[] | undefined;
}

let dir: string;
beforeEach(async () => {
  dir = await tempAgentDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** The acme package copied to a folder of its own, so its import is a fresh module with its own URL. */
async function freshAcmeCopy(): Promise<string> {
  const target = join(dir, "copies", `acme-${Math.random().toString(36).slice(2)}`);
  await cp(ACME, target, { recursive: true });
  return target;
}

async function expectEchoWorks(
  registry: ReturnType<typeof createRegistry>,
  packageSpec: string,
): Promise<void> {
  const info = (await registry.providers()).find((provider) => provider.id === "acme");
  expect(info).toMatchObject({
    id: "acme",
    name: "Acme Echo",
    api: "acme-echo",
    origin: "package",
    package: packageSpec,
  });
  expect((await registry.models("acme")).map((model) => model.id)).toEqual(["echo-1"]);
  expect(await registry.api("acme-echo")).toMatchObject({ api: "acme-echo" });
  const model = await registry.findModel("acme/echo-1");
  const { message, text, types } = await drain(registry.stream(model!, HELLO));
  expect(message.errorMessage).toBeUndefined();
  expect(text).toBe("echo: Say hello [key of 8 chars]");
  expect(answer(message)).toBe("echo: Say hello [key of 8 chars]");
  expect(types[0]).toBe("start");
  expect(types.at(-1)).toBe("done");
}

describe("a third-party provider package", () => {
  test("listed by absolute path in settings.json, serves a request through its own API", async () => {
    await writeIn(dir, "settings.json", { packages: [ACME] });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ ACME_API_KEY: "acme-key" }) });
    expect(await registry.problems()).toEqual([]);
    await expectEchoWorks(registry, ACME);
  });

  test("installed under <agentDir>/packages/node_modules, listed by name", async () => {
    const name = "@acme/elyra-provider-echo";
    await cp(ACME, join(dir, "packages", "node_modules", name), { recursive: true });
    await writeIn(dir, "settings.json", { packages: [name] });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ ACME_API_KEY: "acme-key" }) });
    expect(await registry.problems()).toEqual([]);
    await expectEchoWorks(registry, name);
    const installed = pathToFileURL(join(dir, "packages", "node_modules", name, "index.js")).href;
    expect(globalThis.__acmeEchoLoads).toContain(installed);
  });

  test("is imported on first use, not when the registry is created, and once however often it is reloaded", async () => {
    const copy = await freshAcmeCopy();
    const url = pathToFileURL(join(copy, "index.js")).href;
    await writeIn(dir, "settings.json", { packages: [copy] });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(globalThis.__acmeEchoLoads ?? []).not.toContain(url);
    await registry.providers();
    expect(globalThis.__acmeEchoLoads).toContain(url);
    await registry.reload();
    await registry.reload();
    expect(globalThis.__acmeEchoLoads!.filter((loaded) => loaded === url)).toHaveLength(1);
  });

  test("adds an OAuth login that the CLI can run, store, and the credential order then uses", async () => {
    await writeIn(dir, "settings.json", { packages: [ACME] });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    const definition = await registry.provider("acme");
    expect(definition?.oauth?.name).toBe("Acme Account");
    const shown: string[] = [];
    const credential = await definition!.oauth!.login({
      onAuth: (info) => shown.push(info.url),
      onPrompt: async () => "1234",
    });
    expect(shown).toEqual(["https://echo.acme.invalid/login"]);
    await (await AuthStore.open(join(dir, "auth.json"))).set("acme", credential);
    expect(await registry.credentialFor("acme")).toEqual({
      value: "acme-access-1234",
      source: "oauth",
      detail: 'auth.json "acme" (Acme Account login)',
    });
    const { text } = await drain(registry.stream((await registry.findModel("acme/echo-1"))!, HELLO));
    expect(text).toBe("echo: Say hello [key of 16 chars]");
  });

  test("is picked up by reload() once settings.json lists it", async () => {
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.models("acme")).toEqual([]);
    await writeIn(dir, "settings.json", { packages: [ACME] });
    await registry.reload();
    expect((await registry.models("acme")).map((model) => model.id)).toEqual(["echo-1"]);
  });

  test("models.json can change a package's provider like a built-in one", async () => {
    await writeIn(dir, "settings.json", { packages: [ACME] });
    await writeIn(dir, "models.json", {
      providers: {
        acme: { models: [{ id: "echo-2", name: "Echo 2" }], modelOverrides: { "echo-1": { maxTokens: 99 } } },
      },
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect(await registry.problems()).toEqual([]);
    expect(await registry.models("acme")).toMatchObject([
      { id: "echo-1", maxTokens: 99 },
      { id: "echo-2", api: "acme-echo", maxTokens: 16_384 },
    ]);
    const { text } = await drain(
      registry.stream((await registry.findModel("echo-2"))!, HELLO, { apiKey: "k" }),
    );
    expect(text).toBe("echo: Say hello [key of 1 chars]");
  });
});

describe("packages that cannot be used are reported and skipped", () => {
  test("missing, throwing on import, or not exporting a ProviderPlugin; the rest still works", async () => {
    const settings = await writeIn(dir, "settings.json", {
      packages: [
        "@acme/not-installed",
        join(FIXTURES, "broken-provider"),
        join(FIXTURES, "not-a-plugin"),
        "./relative/path",
        ACME,
      ],
    });
    const registry = createRegistry({ agentDir: dir, env: cleanEnv({ ACME_API_KEY: "acme-key" }) });
    const problems = await registry.problems();
    const notInstalled = join(dir, "packages", "node_modules", "@acme", "not-installed", "package.json");
    expect(problems).toEqual([
      {
        kind: "package",
        package: "@acme/not-installed",
        file: settings,
        message: `package "@acme/not-installed" (listed in ${settings}) was skipped: ${notInstalled} does not exist; install the package there or fix its name`,
      },
      expect.objectContaining({
        package: join(FIXTURES, "broken-provider"),
        message: `package ${JSON.stringify(join(FIXTURES, "broken-provider"))} (listed in ${settings}) was skipped: importing it failed: boom: cannot find the native module acme.node`,
      }),
      expect.objectContaining({
        package: join(FIXTURES, "not-a-plugin"),
        message: `package ${JSON.stringify(join(FIXTURES, "not-a-plugin"))} (listed in ${settings}) was skipped: its default export is not a ProviderPlugin: providers[0].name: is required (a string)`,
      }),
      expect.objectContaining({
        package: "./relative/path",
        message: `package "./relative/path" (listed in ${settings}) was skipped: a package is a name installed under packages/node_modules or an absolute path`,
      }),
    ]);
    await expectEchoWorks(registry, ACME);
    expect((await registry.providers()).map((provider) => provider.id)).toContain("anthropic");
  });

  test("a package without a default export", async () => {
    const folder = join(dir, "no-default");
    await writeIn(folder, "package.json", { name: "no-default", type: "module", main: "index.js" });
    await writeIn(folder, "index.js", "export const plugin = {};\n");
    await writeIn(dir, "settings.json", { packages: [folder] });
    const [problem] = await createRegistry({ agentDir: dir, env: cleanEnv() }).problems();
    expect(problem?.message).toContain(
      "was skipped: it has no default export (it must `export default` a ProviderPlugin)",
    );
  });

  test("settings.json is strict: an unknown key is a problem with a suggestion, and the valid fields still apply", async () => {
    const settings = await writeIn(
      dir,
      "settings.json",
      `{\n  "package": [],\n  "packages": ["${ACME}"],\n  "defaultModel": 5\n}`,
    );
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect((await registry.problems()).map((problem) => problem.message)).toEqual([
      `${settings}:2:3: package: unknown key — did you mean "packages"?`,
      `${settings}:4:19: defaultModel: expected a string, got a number`,
    ]);
    expect(await registry.settings()).toEqual({ packages: [ACME] });
    expect((await registry.models("acme")).length).toBe(1);
  });

  test("a settings.json that is not JSON is reported with its position", async () => {
    const settings = await writeIn(dir, "settings.json", '{ "defaultProvider": "groq" "packages": [] }');
    const registry = createRegistry({ agentDir: dir, env: cleanEnv() });
    expect((await registry.problems()).map((problem) => problem.message)).toEqual([
      `${settings}:1:29: not valid JSON: expected ',' between entries`,
    ]);
    expect(await registry.settings()).toEqual({ packages: [] });
  });
});

describe("plugins passed to createRegistry", () => {
  test("a lazy plugin whose providers the catalog describes is loaded only when its provider is used", async () => {
    let loads = 0;
    const lazy: LazyPlugin = {
      name: "@test/groq-login",
      apis: [],
      providers: ["groq"],
      load: async () => {
        loads++;
        return {
          name: "@test/groq-login",
          providers: [
            {
              id: "groq",
              name: "Not the catalog's name",
              api: "openai-completions",
              baseUrl: "https://elsewhere.invalid/v1",
              env: [],
              oauth: {
                name: "Groq SSO",
                login: async () => ({ type: "oauth", access: "a", refresh: "r", expires: 0 }),
                refresh: async (credential) => credential,
                apiKey: (credential) => credential.access,
              },
            },
          ],
        } satisfies ProviderPlugin;
      },
    };
    const registry = createRegistry({ agentDir: dir, env: cleanEnv(), plugins: [lazy] });
    await registry.providers();
    await registry.models();
    await registry.findModel("groq/whatever");
    await registry.status();
    expect(loads).toBe(0);

    const groq = await registry.provider("groq");
    expect(loads).toBe(1);
    // Data from the catalog stands; the package adds what data cannot say.
    expect(groq).toMatchObject({
      name: "Groq",
      baseUrl: "https://api.groq.com/openai/v1",
      env: ["GROQ_API_KEY"],
    });
    expect(groq?.oauth?.name).toBe("Groq SSO");
    expect(groq?.models?.length).toBeGreaterThan(0);
  });

  test("a lazy plugin that brings a provider of its own is loaded for a listing; its API only when used", async () => {
    const loaded: string[] = [];
    const plugin = (name: string, body: ProviderPlugin): LazyPlugin => ({
      name,
      apis: (body.apis ?? []).map((impl) => impl.api),
      providers: (body.providers ?? []).map((provider) => provider.id),
      load: async () => {
        loaded.push(name);
        return body;
      },
    });
    const echo = (await import(pathToFileURL(join(ACME, "index.js")).href)).default as ProviderPlugin;
    const registry = createRegistry({
      agentDir: dir,
      env: cleanEnv(),
      plugins: [
        plugin("provider-only", { name: "provider-only", providers: echo.providers! }),
        plugin("api-only", { name: "api-only", apis: echo.apis! }),
      ],
    });
    expect((await registry.providers()).map((provider) => provider.id)).toContain("acme");
    expect(loaded).toEqual(["provider-only"]);
    const { text } = await drain(
      registry.stream((await registry.findModel("acme/echo-1"))!, HELLO, { apiKey: "xyz" }),
    );
    expect(text).toBe("echo: Say hello [key of 3 chars]");
    expect(loaded).toEqual(["provider-only", "api-only"]);
  });

  test("a package that registers an API another plugin already provides is told so", async () => {
    const copy = await freshAcmeCopy();
    await writeIn(dir, "settings.json", { packages: [ACME, copy] });
    const problems = await createRegistry({ agentDir: dir, env: cleanEnv() }).problems();
    expect(problems.map((problem) => problem.message)).toEqual([
      `package ${JSON.stringify(copy)} registers the API "acme-echo", which ${ACME} already provides; its implementation is not used`,
    ]);
  });
});
