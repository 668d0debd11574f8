import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** `ELYRA_AGENT_DIR` when set (a leading `~` means the home directory), else `~/.elyra/agent`; absolute. */
export function defaultAgentDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ELYRA_AGENT_DIR?.trim();
  if (!configured) return join(homedir(), ".elyra", "agent");
  return resolve(expandHome(configured));
}

/** `auth.json` inside `defaultAgentDir(env)`. */
export function defaultAuthPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultAgentDir(env), "auth.json");
}

// Shells expand `~` in `ELYRA_AGENT_DIR=~/x`, but not in a quoted value or one set from a config file.
function expandHome(path: string): string {
  if (path === "~") return homedir();
  if (path.startsWith("~/") || path.startsWith("~\\")) return join(homedir(), path.slice(2));
  return path;
}
