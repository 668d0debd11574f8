import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { scratchDir } from "./scratch.js";

const run = promisify(execFile);
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** A tool's CLI from the workspace's devDependencies, run with this Node. */
function toolBin(name: string, bin: string): string {
  const manifest = require.resolve(`${name}/package.json`);
  const bins = JSON.parse(readFileSync(manifest, "utf8")).bin as Record<string, string>;
  return join(dirname(manifest), bins[bin] ?? "");
}

/** npm with a home, cache and user config of its own: the test reads nothing from the real home directory. */
function npmEnv(root: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: join(root, "home"),
    npm_config_cache: join(root, "npm-cache"),
    npm_config_userconfig: join(root, "home", ".npmrc"),
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
  };
}

// What a consumer does: import the package by name, use each form, and check errors across two copies.
const consumerScript = `
import * as keyResolver from "@elyra/key-resolver";
const { resolveKey, describeKeySpec, KeyResolutionError } = keyResolver;
const otherCopy = await import(process.argv[2]);
const result = {
  exports: Object.keys(keyResolver).sort(),
  literal: await resolveKey("sk-ant-api03-packed-literal"),
  env: await resolveKey("ELYRA_PACK_KEY", { env: { ELYRA_PACK_KEY: "sk-from-env" } }),
  command: await resolveKey("!printf 'sk-from-%s\\\\n' command"),
  described: describeKeySpec("sk-ant-api03-0123456789abcdefghijklmnopqr"),
};
try {
  await resolveKey("UNSET_PACK_KEY", { env: {} });
} catch (error) {
  result.error = {
    reason: error.reason,
    isInstance: KeyResolutionError.isInstance(error),
    otherCopyIsInstance: otherCopy.KeyResolutionError.isInstance(error),
    otherCopyInstanceof: error instanceof otherCopy.KeyResolutionError,
  };
}
console.log(JSON.stringify(result));
`;

// Type-checks a consumer against the shipped .d.ts with skipLibCheck off, so the declarations are checked too.
// The few Node globals they name come from a shim: checking all of @types/node as well takes tens of seconds.
const consumerTypes = `
import { describeKeySpec, KeyResolutionError, resolveKey } from "@elyra/key-resolver";
import type { KeyResolutionReason, KeySpecDescription, ResolveKeyOptions } from "@elyra/key-resolver";
const signal = new AbortController().signal;
const options: ResolveKeyOptions = { env: process.env, cwd: "/", timeoutMs: 1000, signal };
export const key: Promise<string> = resolveKey("!echo x", options);
export const description: KeySpecDescription = describeKeySpec("MY_KEY");
export function reasonOf(error: unknown): KeyResolutionReason | undefined {
  return KeyResolutionError.isInstance(error) ? error.reason : undefined;
}
`;
const nodeShim = `
declare namespace NodeJS {
  interface ProcessEnv { [name: string]: string | undefined }
  type Signals = "SIGTERM" | "SIGKILL";
}
declare const process: { env: NodeJS.ProcessEnv };
declare class AbortSignal { readonly aborted: boolean }
declare class AbortController { readonly signal: AbortSignal }
`;

describe("the published package", () => {
  it("builds, packs, installs in an empty project, imports by name, resolves all three forms", async () => {
    const root = await scratchDir();
    const stage = join(root, "stage");
    const consumer = join(root, "consumer");
    await Promise.all([mkdir(join(root, "home"), { recursive: true }), mkdir(consumer), mkdir(stage)]);
    await writeFile(join(root, "home", ".npmrc"), "");

    // Built into a scratch folder rather than dist/, so the test never races a build of the workspace.
    await run(process.execPath, [toolBin("tsup", "tsup"), "--out-dir", join(stage, "dist")], {
      cwd: packageDir,
    });
    await copyFile(join(packageDir, "package.json"), join(stage, "package.json"));
    await copyFile(join(packageDir, "README.md"), join(stage, "README.md"));

    const env = npmEnv(root);
    const packed = await run("npm", ["pack", "--json", "--pack-destination", root], { cwd: stage, env });
    const [manifest] = JSON.parse(packed.stdout) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = manifest!.files.map((file) => file.path).sort();
    expect(files).toEqual([
      "README.md",
      "dist/index.d.ts",
      "dist/index.js",
      "dist/index.js.map",
      "package.json",
    ]);

    await writeFile(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    const tarball = join(root, manifest!.filename);
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: consumer, env });
    const installed = JSON.parse(await readFile(join(consumer, "package.json"), "utf8"));
    expect(Object.keys(installed.dependencies)).toEqual(["@elyra/key-resolver"]);

    await writeFile(join(consumer, "check.mjs"), consumerScript);
    const secondCopy = pathToFileURL(join(stage, "dist", "index.js")).href;
    const { stdout } = await run(process.execPath, ["check.mjs", secondCopy], { cwd: consumer, env });
    expect(JSON.parse(stdout)).toEqual({
      exports: ["KeyResolutionError", "clearKeyCache", "describeKeySpec", "resolveKey"],
      literal: "sk-ant-api03-packed-literal",
      env: "sk-from-env",
      command: "sk-from-command",
      described: { kind: "literal", label: "sk-a…(41 chars)" },
      error: { reason: "unset-env", isInstance: true, otherCopyIsInstance: true, otherCopyInstanceof: false },
    });

    await writeFile(join(consumer, "consumer.ts"), consumerTypes);
    await writeFile(join(consumer, "node-shim.d.ts"), nodeShim);
    const tsconfig = {
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        lib: ["ES2022"],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        skipDefaultLibCheck: true,
      },
      files: ["node-shim.d.ts", "consumer.ts"],
    };
    await writeFile(join(consumer, "tsconfig.json"), JSON.stringify(tsconfig));
    await run(process.execPath, [toolBin("typescript", "tsc"), "-p", "."], { cwd: consumer, env });
  }, 60_000);
});
