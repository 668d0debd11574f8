import { colorEnabled, type Styles, styles } from "./color.js";

/** Everything the CLI touches of its process, so tests can run it in-process. */
export interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIo(): Io {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

export function stdoutStyles(io: Io): Styles {
  return styles(colorEnabled(io.env, io.stdoutIsTTY));
}

export function stderrStyles(io: Io): Styles {
  return styles(colorEnabled(io.env, io.stderrIsTTY));
}

/** All of piped stdin, or undefined when stdin is a terminal. */
export async function readPipedStdin(io: Io): Promise<string | undefined> {
  if (io.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
