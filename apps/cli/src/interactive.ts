import * as p from "@clack/prompts";
import type { AgentEvent } from "@elyra/agent";
import type { Model } from "@elyra/provider-kit";
import type { Registry } from "@elyra/registry";
import { logoutCommand, removeCredential } from "./accounts.js";
import type { RunFlags } from "./args.js";
import { type Io, stdoutStyles } from "./io.js";
import { chooseModel, NoCredentialError } from "./model-choice.js";
import { loginFlow, pickModel, pickStoredProvider } from "./pickers.js";
import { requireProvider } from "./provider-names.js";
import { TextRenderer } from "./render.js";
import { Session } from "./session.js";
import { Spinner } from "./spinner.js";
import { showProblems } from "./startup.js";
import { VERSION } from "./version.js";

const COMMANDS = `/login    store an API key (or log in to a subscription)
/logout   remove a stored credential
/model    switch model (re-reads models.json)
/help     this list
/exit     quit (or Ctrl-C twice on an empty prompt)`;

/** The default mode: a prompt, streaming answers, and the slash commands. */
export async function interactiveMode(
  registry: Registry,
  firstPrompt: string | undefined,
  flags: RunFlags,
  io: Io,
): Promise<number> {
  const style = stdoutStyles(io);
  await showProblems(registry, io);
  let session = await startSession(registry, flags, io);
  io.stdout(
    `${style.bold(`elyra ${VERSION}`)}  ${session ? modelLabel(session.model) : style.yellow("no model")}  ${style.dim(io.cwd)}\n`,
  );
  io.stdout(
    style.dim("Type a request, or /help. Ctrl-C aborts an answer; Ctrl-C twice on an empty prompt exits.\n"),
  );
  let pending = firstPrompt;
  let cancelledOnce = false;
  for (;;) {
    const input =
      pending ??
      (await p.text({
        message: session ? modelLabel(session.model) : "elyra",
        placeholder: "ask, or /help",
      }));
    pending = undefined;
    if (p.isCancel(input)) {
      if (cancelledOnce) return 0;
      cancelledOnce = true;
      io.stdout(style.dim("Press Ctrl-C again to exit.\n"));
      continue;
    }
    cancelledOnce = false;
    const text = input.trim();
    if (text.length === 0) continue;
    if (text.startsWith("/")) {
      const outcome = await slashCommand(text, registry, session, flags, io);
      if (outcome === "exit") return 0;
      if (outcome) session = outcome;
      continue;
    }
    if (!session) {
      io.stdout(`${style.yellow("No model yet.")} Type /login to add a key, then ask again.\n`);
      continue;
    }
    await answer(session, text, io);
  }
}

async function startSession(registry: Registry, flags: RunFlags, io: Io): Promise<Session | undefined> {
  try {
    const { model } = await chooseModel(registry, { provider: flags.provider, model: flags.model });
    return new Session({ registry, model, cwd: io.cwd, tools: flags.tools, apiKey: flags.apiKey });
  } catch (error) {
    if (!(error instanceof NoCredentialError)) throw error;
    io.stdout(
      `${stdoutStyles(io).yellow("No provider has a credential yet.")} Type /login to add an API key.\n`,
    );
    return undefined;
  }
}

type SlashOutcome = Session | "exit" | undefined;

async function slashCommand(
  line: string,
  registry: Registry,
  session: Session | undefined,
  flags: RunFlags,
  io: Io,
): Promise<SlashOutcome> {
  const [name, arg] = line.split(/\s+/, 2);
  switch (name) {
    case "/exit":
    case "/quit":
      return "exit";
    case "/help":
      io.stdout(`${COMMANDS}\n`);
      return undefined;
    case "/login": {
      const provider = await loginFlow(registry, arg);
      if (!provider || session) return undefined;
      return startSession(registry, { ...flags, provider }, io);
    }
    case "/logout": {
      const provider = arg ?? (await pickStoredProvider(registry));
      if (provider) io.stdout(`${await removeCredential(registry, provider)}\n`);
      return undefined;
    }
    case "/model": {
      const model = await pickModel(registry, session?.model);
      if (!model) return undefined;
      io.stdout(`Now using ${modelLabel(model)}\n`);
      if (session) {
        session.model = model;
        return session;
      }
      return new Session({ registry, model, cwd: io.cwd, tools: flags.tools });
    }
    default:
      io.stdout(
        `Unknown command ${name}. ${COMMANDS.split("\n")
          .map((l) => l.split(" ")[0])
          .join(" ")}\n`,
      );
      return undefined;
  }
}

/** One turn: spinner until the first token, streaming, Ctrl-C aborts and keeps the partial answer. */
async function answer(session: Session, prompt: string, io: Io): Promise<void> {
  const style = stdoutStyles(io);
  const controller = new AbortController();
  const spinner = new Spinner(io.stdout, style.dim("waiting for the model…"));
  const renderer = new TextRenderer(style, { answer: io.stdout, progress: io.stdout, showThinking: true });
  const onSigint = () => controller.abort();
  process.on("SIGINT", onSigint);
  spinner.start();
  try {
    const result = await session.run(prompt, controller.signal, (event: AgentEvent) => {
      if (startsOutput(event)) spinner.stop();
      renderer.handle(event);
      if (event.type === "turn_end" && event.message.stopReason === "toolUse") spinner.start();
    });
    spinner.stop();
    renderer.finish();
    if (result.stopReason === "aborted") io.stdout(`${style.yellow("aborted")}\n`);
    if (result.stopReason === "error" && result.error)
      io.stdout(`${style.red("error:")} ${result.error.message}\n`);
    if (result.stopReason === "length")
      io.stdout(`${style.yellow("note:")} the answer was cut at the output limit\n`);
  } finally {
    spinner.stop();
    process.off("SIGINT", onSigint);
  }
}

function startsOutput(event: AgentEvent): boolean {
  if (event.type !== "stream") return event.type === "tool_start" || event.type === "retry";
  return event.event.type !== "start";
}

function modelLabel(model: Model): string {
  return `${model.provider}/${model.id}`;
}

/** `elyra login [provider]` in a terminal. */
export async function loginCommand(
  registry: Registry,
  provider: string | undefined,
  _io: Io,
): Promise<number> {
  if (provider) await requireProvider(registry, provider);
  const done = await loginFlow(registry, provider);
  return done ? 0 : 1;
}

/** `elyra logout` in a terminal, without a provider: pick one. */
export async function logoutPicker(registry: Registry, io: Io): Promise<number> {
  const provider = await pickStoredProvider(registry);
  if (!provider) return 0;
  return logoutCommand(registry, provider, io);
}
