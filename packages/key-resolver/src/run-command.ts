import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";

/** How a command ended. Reading it (is this a key or a failure?) is the caller's business. */
export interface CommandOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout grew past MAX_STDOUT_BYTES, so the command was killed. */
  readonly overflow: boolean;
  /** The shell could not be started at all. */
  readonly spawnError?: NodeJS.ErrnoException;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kills the command and everything it started. */
  signal: AbortSignal;
}

type ShellProcess = ChildProcessByStdio<null, Readable, Readable>;

export const MAX_STDOUT_BYTES = 1024 * 1024;
// Only the first line of stderr is ever shown; the rest is read and dropped so the command never blocks on a
// full pipe.
const MAX_STDERR_BYTES = 64 * 1024;
// Between SIGTERM and SIGKILL: enough for a password manager's CLI to clean up, short enough not to linger.
const KILL_GRACE_MS = 1000;
// After the shell exits, a background process it started may still hold stdout open; don't wait for that.
const DRAIN_AFTER_EXIT_MS = 200;

const isWindows = process.platform === "win32";
const running = new Set<ShellProcess>();
let exitHookInstalled = false;

/** Runs `command` through the platform's shell with stdin closed, buffering at most 1 MiB of stdout. */
export function runCommand(command: string, options: RunOptions): Promise<CommandOutcome> {
  let child: ShellProcess;
  try {
    child = spawnShell(command, options);
  } catch (error) {
    // spawn throws for some bad options (a NUL byte in env, say) instead of emitting "error".
    return Promise.resolve(failedToStart(error as NodeJS.ErrnoException));
  }
  track(child);
  let overflow = false;
  const stdout = collect(child.stdout, MAX_STDOUT_BYTES, () => {
    overflow = true;
    stop(child);
  });
  const stderr = collect(child.stderr, MAX_STDERR_BYTES);
  const onAbort = () => stop(child);
  options.signal.addEventListener("abort", onAbort, { once: true });

  return new Promise((resolve) => {
    let settled = false;
    const settle = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      running.delete(child);
      options.signal.removeEventListener("abort", onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      const text = { stdout: stdout.text(), stderr: stderr.text() };
      resolve(spawnError ? failedToStart(spawnError) : { ...text, exitCode, signal, overflow });
    };
    child.once("error", (error) => settle(null, null, error));
    child.once("close", (code, signal) => settle(code, signal));
    child.once("exit", (code, signal) => {
      setTimeout(() => settle(code, signal), DRAIN_AFTER_EXIT_MS).unref();
    });
  });
}

function spawnShell(command: string, { cwd, env }: RunOptions): ShellProcess {
  if (isWindows) {
    // Node's shell option runs %ComSpec% (cmd.exe) with /d /s /c and the quoting cmd.exe expects.
    return spawn(command, { shell: true, cwd, env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
  }
  // detached puts the shell at the head of a new process group (and session): a kill then reaches everything
  // the command started, and the command can't take the terminal from Elyra's UI.
  return spawn("/bin/sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
}

function failedToStart(error: Error): CommandOutcome {
  return { stdout: "", stderr: "", exitCode: null, signal: null, overflow: false, spawnError: error };
}

function collect(stream: Readable, limit: number, onOverflow?: () => void): { text(): string } {
  const chunks: Buffer[] = [];
  let size = 0;
  let full = false;
  stream.on("data", (chunk: Buffer) => {
    if (full) return;
    if (size + chunk.length > limit) {
      full = true;
      chunks.push(chunk.subarray(0, limit - size));
      onOverflow?.();
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  // Decoded once at the end, so a character split across chunks survives.
  return { text: () => Buffer.concat(chunks).toString("utf8") };
}

const stopping = new WeakSet<ShellProcess>();

function stop(child: ShellProcess): void {
  if (stopping.has(child)) return;
  stopping.add(child);
  killTree(child, "SIGTERM");
  // Sent to the group even if the shell is gone: a process it started may ignore SIGTERM.
  setTimeout(() => killTree(child, "SIGKILL"), KILL_GRACE_MS).unref();
}

function killTree(child: ShellProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  if (isWindows) {
    spawn("taskkill", ["/pid", String(child.pid), "/t", "/f"], { stdio: "ignore", windowsHide: true }).on(
      "error",
      () => {},
    );
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group has already exited.
  }
}

function track(child: ShellProcess): void {
  running.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A command runs in its own session, so nothing else ends it when this process exits mid-run.
  process.once("exit", () => {
    for (const each of running) killTree(each, "SIGTERM");
  });
}
