import { spawn } from "node:child_process";
import { type AgentTool, optionalIntArg, stringArg, ToolError, textOutput } from "../tool.js";

const DEFAULT_TIMEOUT_S = 120;
const MAX_TIMEOUT_S = 600;
/** The model needs the end of a long output (the error, the summary) more than its start. */
const MAX_OUTPUT_BYTES = 50 * 1024;
const KILL_GRACE_MS = 2000;

export const bashTool: AgentTool = {
  name: "bash",
  description:
    "Run a shell command in the working directory. Returns stdout and stderr combined (the last 50 KiB when longer) and the exit code. Default timeout 120 s.",
  parameters: {
    type: "object",
    properties: {
      command: { type: "string", description: "The command, run with /bin/sh -c" },
      timeout: { type: "integer", minimum: 1, maximum: MAX_TIMEOUT_S, description: "Timeout in seconds" },
    },
    required: ["command"],
    additionalProperties: false,
  },
  async execute(args, context) {
    const command = stringArg(args, "command");
    const timeoutS = Math.min(optionalIntArg(args, "timeout", 1) ?? DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S);
    const result = await run(command, context.cwd, timeoutS * 1000, context.signal);
    return report(result, timeoutS);
  },
};

interface RunResult {
  output: Buffer;
  dropped: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
}

function run(command: string, cwd: string, timeoutMs: number, signal?: AbortSignal): Promise<RunResult> {
  if (signal?.aborted) return Promise.reject(new ToolError("aborted before the command started"));
  return new Promise((resolve, reject) => {
    // A process group of its own, so a timeout or abort also ends what the command started.
    const child = spawn("/bin/sh", ["-c", command], {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tail = new OutputTail(MAX_OUTPUT_BYTES);
    let timedOut = false;
    let aborted = false;
    const stop = () => killGroup(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => tail.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => tail.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      reject(new ToolError(`cannot run the command: ${error.message}`));
    });
    child.on("close", (exitCode, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve({
        output: tail.bytes(),
        dropped: tail.dropped,
        exitCode,
        signal: exitSignal,
        timedOut,
        aborted,
      });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  kill("SIGTERM");
  setTimeout(() => kill("SIGKILL"), KILL_GRACE_MS).unref();
}

function report(result: RunResult, timeoutS: number) {
  const text = result.output.toString("utf8");
  const head =
    result.dropped > 0 ? `[output truncated: the first ${result.dropped} bytes were dropped]\n` : "";
  if (result.aborted) return textOutput(`${head}${text}\n[aborted by the user]`, true);
  if (result.timedOut)
    return textOutput(`${head}${text}\n[timed out after ${timeoutS} s; the command was killed]`, true);
  const status =
    result.exitCode === null ? `killed by signal ${result.signal}` : `exit code ${result.exitCode}`;
  const body = text.length > 0 ? `${head}${text}${text.endsWith("\n") ? "" : "\n"}` : "(no output)\n";
  return textOutput(`${body}[${status}]`, result.exitCode !== 0);
}

/** Keeps the last `limit` bytes of a stream without holding all of it. */
class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.chunks);
    if (all.length <= this.limit) return all;
    const cut = all.length - this.limit;
    this.dropped += cut;
    return all.subarray(cut);
  }
}
