import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AssistantMessage, AssistantStream, Context, ProviderError } from "@elyra/provider-kit";

/** A fresh ELYRA_AGENT_DIR under the system temp dir; never the real home directory. */
export async function tempAgentDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "elyra-registry-"));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes `content` (an object as JSON, a string as is) to `<dir>/<name>`, creating folders. */
export async function writeIn(dir: string, name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** An environment with nothing from the real one: no stray keys, no real ELYRA_AGENT_DIR. */
export function cleanEnv(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", ...vars };
}

export const HELLO: Context = { messages: [{ role: "user", content: "Say hello" }] };

/** Drains a stream and returns its final message and the text deltas seen. */
export async function drain(
  stream: AssistantStream,
): Promise<{ message: AssistantMessage; text: string; types: string[]; error?: ProviderError }> {
  let text = "";
  let error: ProviderError | undefined;
  const types: string[] = [];
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "text_delta") text += event.delta;
    if (event.type === "error") error = event.error;
  }
  return { message: await stream.result(), text, types, ...(error ? { error } : {}) };
}

/** The text content of an assistant message. */
export function answer(message: AssistantMessage): string {
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}
