import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** Whether `pid` is a running process. A zombie counts as gone: it has exited, it only waits to be reaped. */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // The state is the field after "(comm)"; comm may hold spaces, so look after the last ")".
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z";
}

/** Waits up to `withinMs` for every pid to be gone; returns the ones still running. */
export async function survivors(pids: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const alive: number[] = [];
    for (const pid of pids) if (await isRunning(pid)) alive.push(pid);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await sleep(25);
  }
}

/** The pid a command wrote to `file`, waiting for the write. */
export async function pidFrom(file: string, withinMs = 2000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const text = await readFile(file, "utf8").catch(() => "");
    const pid = Number.parseInt(text, 10);
    if (pid > 0 && text.endsWith("\n")) return pid;
    if (Date.now() > deadline) throw new Error(`no pid in ${file}`);
    await sleep(10);
  }
}
