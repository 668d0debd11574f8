import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Io } from "../src/main.js";

export const CLI_ENTRY = fileURLToPath(new URL("../dist/index.js", import.meta.url));
export const CLI_BIN = fileURLToPath(new URL("../bin/elyra.cjs", import.meta.url));

/** A temp agent dir and working dir; nothing touches the real home directory. */
export async function tempHome() {
  const root = await mkdtemp(join(tmpdir(), "elyra-cli-"));
  const agentDir = join(root, "agent");
  const cwd = join(root, "work");
  const { mkdir } = await import("node:fs/promises");
  await mkdir(agentDir, { recursive: true });
  await mkdir(cwd, { recursive: true });
  return {
    root,
    agentDir,
    cwd,
    /** A clean environment: no ambient provider keys, only what the test gives. */
    env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
      return {
        PATH: process.env.PATH,
        HOME: root,
        ELYRA_AGENT_DIR: agentDir,
        NO_COLOR: "1",
        AWS_EC2_METADATA_DISABLED: "true",
        METADATA_SERVER_DETECTION: "none",
        GOOGLE_CLOUD_PROJECT: "elyra-test",
        ...extra,
      };
    },
    async writeJson(name: string, value: unknown) {
      await writeFile(join(agentDir, name), JSON.stringify(value, null, 2));
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export type TempHome = Awaited<ReturnType<typeof tempHome>>;

/** Runs main() in-process with captured output. */
export async function runInProcess(
  args: string[],
  home: TempHome,
  options: { stdin?: string; env?: Record<string, string>; tty?: boolean; baseEnv?: NodeJS.ProcessEnv } = {},
) {
  const { main } = await import("../src/main.js");
  const out: string[] = [];
  const err: string[] = [];
  const stdin = Object.assign(
    Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    { isTTY: false },
  );
  const io: Io = {
    env: options.baseEnv ?? home.env(options.env),
    cwd: home.cwd,
    stdin,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
  };
  const code = await main(args, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function runBuilt(
  args: string[],
  home: TempHome,
  options: {
    env?: Record<string, string>;
    stdin?: string;
    onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
  } = {},
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: home.cwd,
      env: home.env(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

export const execFileText = (file: string, args: string[], env?: NodeJS.ProcessEnv) =>
  new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
    execFile(file, args, { env }, (error, stdout, stderr) =>
      error ? reject(error) : resolve({ stdout, stderr }),
    ),
  );
