import type { AgentResult } from "@elyra/agent";
import type { Registry } from "@elyra/registry";
import { type RunFlags, UsageError } from "./args.js";
import { type Io, readPipedStdin, stderrStyles } from "./io.js";
import { agentEndJson, jsonEvent } from "./json-events.js";
import { TextRenderer } from "./render.js";
import { Session } from "./session.js";
import { prepareRun } from "./startup.js";

/** `elyra -p`: run the agent once; the answer (or JSON events) on stdout, progress and errors on stderr. */
export async function printMode(
  registry: Registry,
  promptArg: string | undefined,
  flags: RunFlags,
  io: Io,
): Promise<number> {
  const prompt = await readPrompt(promptArg, io);
  const { model } = await prepareRun(registry, flags, io);
  const session = new Session({ registry, model, cwd: io.cwd, tools: flags.tools, apiKey: flags.apiKey });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on("SIGINT", onSigint);
  try {
    const result =
      flags.mode === "json"
        ? await runJson(session, prompt, controller.signal, io)
        : await runText(session, prompt, controller.signal, io);
    return result.stopReason === "error" || result.stopReason === "aborted" ? 1 : 0;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

async function readPrompt(promptArg: string | undefined, io: Io): Promise<string> {
  const piped = await readPipedStdin(io);
  const parts = [promptArg, piped?.trim()].filter((part): part is string => !!part && part.length > 0);
  if (parts.length === 0)
    throw new UsageError('print mode needs a prompt: elyra -p "…" (or pipe one on stdin)');
  return parts.join("\n\n");
}

async function runText(session: Session, prompt: string, signal: AbortSignal, io: Io): Promise<AgentResult> {
  const style = stderrStyles(io);
  const renderer = new TextRenderer(style, { answer: io.stdout, progress: io.stderr, showThinking: false });
  const result = await session.run(prompt, signal, (event) => renderer.handle(event));
  renderer.finish();
  if (result.stopReason === "aborted") io.stderr(`${style.yellow("aborted")}\n`);
  if (result.stopReason === "error" && result.error)
    io.stderr(`${style.red("error:")} ${result.error.message}\n`);
  if (result.stopReason === "length")
    io.stderr(`${style.yellow("note:")} the answer was cut at the output limit\n`);
  if (result.stopReason === "maxTurns") io.stderr(`${style.yellow("note:")} stopped at the turn limit\n`);
  return result;
}

async function runJson(session: Session, prompt: string, signal: AbortSignal, io: Io): Promise<AgentResult> {
  const result = await session.run(prompt, signal, (event) => {
    const json = jsonEvent(event);
    if (json) io.stdout(`${JSON.stringify(json)}\n`);
  });
  io.stdout(`${JSON.stringify(agentEndJson(result))}\n`);
  return result;
}
