import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";

/** A real terminal for interactive tests: a private tmux server, send-keys in, capture-pane out. */
export class TmuxTerminal {
  private readonly socket = `elyra-test-${randomBytes(4).toString("hex")}`;
  private readonly session = "elyra";

  static async start(
    command: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; width?: number; height?: number },
  ) {
    const terminal = new TmuxTerminal();
    const envArgs = Object.entries(options.env)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${value}`);
    // `env -i` so the program sees only the test's environment, not the tmux server's.
    const program = ["env", "-i", ...envArgs, ...command].map(shellQuote).join(" ");
    await terminal.tmux([
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-s",
      terminal.session,
      "-x",
      String(options.width ?? 120),
      "-y",
      String(options.height ?? 40),
      "-c",
      options.cwd,
      `${program}; echo "[exited $?]"; sleep 60`,
    ]);
    return terminal;
  }

  /** Keys in tmux's names: "Enter", "Down", "C-c", or literal text with `literal: true`. */
  async send(...keys: string[]): Promise<void> {
    await this.tmux(["send-keys", "-t", this.session, ...keys]);
  }

  async type(text: string): Promise<void> {
    await this.tmux(["send-keys", "-t", this.session, "-l", text]);
  }

  async screen(): Promise<string> {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", this.session]);
  }

  /** Waits until the screen matches, and returns it; fails with the screen when it never does. */
  async waitFor(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (typeof pattern === "string" ? screen.includes(pattern) : pattern.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${pattern}; the screen was:\n${screen}`);
  }

  async kill(): Promise<void> {
    await this.tmux(["kill-server"]).catch(() => undefined);
  }

  private tmux(args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile("tmux", ["-L", this.socket, ...args], (error, stdout, stderr) =>
        error ? reject(new Error(`tmux ${args[0]}: ${stderr || error.message}`)) : resolve(stdout),
      ),
    );
  }
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
