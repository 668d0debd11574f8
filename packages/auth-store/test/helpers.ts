import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OAuthCredential } from "@elyra/auth-store";
import { afterAll, beforeAll, onTestFinished } from "vitest";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** A fresh directory under the OS temp dir, removed when the test ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "elyra-auth-store-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

export async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
}

/** Files other than auth.json left in `dir`: temporary files, locks, markers. */
export async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name !== "auth.json");
}

export function leakedSecrets(texts: string[], secrets: string[]): string[] {
  return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
}

export function oauthEntry(fields: Partial<OAuthCredential> = {}): OAuthCredential {
  return {
    type: "oauth",
    access: "test-access-4f9a1c2e",
    refresh: "test-refresh-7d3b8e01",
    expires: Date.now() + 3_600_000,
    ...fields,
  };
}

/** A child node process running a bundle from `childBundles`, with its stdout collected line by line. */
export class Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: (() => void)[] = [];

  constructor(bundle: string, args: string[], env: Record<string, string> = {}) {
    this.process = spawn(process.execPath, [bundle, ...args], {
      cwd: packageDir,
      env: { ...process.env, ...env },
      stdio: "pipe",
    });
    let partial = "";
    this.process.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.process.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.process.on("exit", (code, signal) => {
        resolve({ code, signal });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`);
  }

  /** The first line (from index `from`) that `match` accepts; rejects if the child exits without it. */
  async waitForLine(match: (line: string) => boolean, from = 0): Promise<string> {
    for (;;) {
      const found = this.lines.slice(from).find(match);
      if (found !== undefined) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        throw new Error(`child exited (${this.process.exitCode ?? this.process.signalCode}): ${this.stderr}`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  kill(): Promise<unknown> {
    this.process.kill("SIGKILL");
    return this.exited;
  }
}

/** A lock file as a process that died while holding it leaves it; returns the dead pid. */
export async function deadHoldersLock(lockPath: string, pid?: number): Promise<number> {
  const dead = pid ?? (await deadPid());
  await writeLockFile(lockPath, { pid: dead, token: "0badc0de0badc0de" });
  return dead;
}

/** Writes a lock file (or reclaim marker) in the format of src/file-lock.ts. */
export async function writeLockFile(path: string, owner: { pid: number; token: string; created?: number }) {
  const content = { host: hostname(), created: Date.now(), ...owner };
  await writeFile(path, JSON.stringify(content), { mode: 0o600 });
}

/** The pid of a process that has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

/**
 * Bundles scripts from test/children, with this package and its dependencies built from source (the
 * `@elyra/source` condition), into one file each that plain node starts in a fraction of the time tsx takes
 * (tsx: ~0.8 s per process here). Built once per test file, before its tests; maps script to bundle path.
 */
export function childBundles(...scripts: string[]): Record<string, string> {
  const bundles: Record<string, string> = {};
  let outDir = "";
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "elyra-auth-store-bundles-"));
    const { build } = await import("tsup");
    await build({
      entry: Object.fromEntries(
        scripts.map((script) => [bundleName(script), join(packageDir, "test", "children", script)]),
      ),
      outDir,
      format: ["esm"],
      platform: "node",
      target: "node20",
      outExtension: () => ({ js: ".mjs" }),
      noExternal: [/./],
      config: false,
      dts: false,
      sourcemap: false,
      silent: true,
      esbuildOptions(options) {
        options.conditions = ["@elyra/source"];
      },
    });
    for (const script of scripts) bundles[script] = join(outDir, `${bundleName(script)}.mjs`);
  }, 60_000);
  afterAll(() => rm(outDir, { recursive: true, force: true }));
  return bundles;
}

function bundleName(script: string): string {
  return script.replace(/\.ts$/, "");
}
