import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cliDir = fileURLToPath(new URL("..", import.meta.url));

// As a user installs it: the packed tarball, `npm i -g` into a temp prefix. Third-party dependencies come
// from the npm registry; every @elyra/* package is bundled into the tarball, since none is published.
describe("global install", () => {
  let root: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "elyra-global-"));
    const packDir = join(root, "pack");
    await run("pnpm", ["pack", "--pack-destination", packDir], { cwd: cliDir });
    const [tarball] = await readdir(packDir);
    const prefix = join(root, "prefix");
    env = {
      PATH: `${join(prefix, "bin")}:${process.env.PATH}`,
      HOME: root,
      ELYRA_AGENT_DIR: join(root, "agent"),
      NO_COLOR: "1",
      npm_config_cache: process.env.npm_config_cache ?? join(tmpdir(), "elyra-npm-cache"),
    };
    await run("npm", ["i", "-g", "--prefix", prefix, "--no-audit", "--no-fund", join(packDir, tarball!)], {
      env: { ...process.env, HOME: root, npm_config_cache: env.npm_config_cache },
    });
    bin = join(prefix, "bin", "elyra");
  }, 180_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("runs elyra --version from the global prefix", async () => {
    const { stdout } = await run(bin, ["--version"], { env });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("lists every model from the bundled catalog", async () => {
    const { stdout } = await run(bin, ["--list-models", "--all"], { env });
    const providers = new Set(
      stdout
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split("/")[0]),
    );
    for (const id of ["anthropic", "openai", "google", "groq", "xiaomi-token-plan-sgp", "amazon-bedrock"])
      expect(providers).toContain(id);
  });

  it("installs no @elyra package besides the CLI itself", async () => {
    const global = join(root, "prefix", "lib", "node_modules");
    expect(await readdir(join(global, "@elyra"))).toEqual(["cli"]);
    const nested = await readdir(join(global, "@elyra", "cli", "node_modules")).catch(() => [] as string[]);
    expect(nested).not.toContain("@elyra");
  });
});
