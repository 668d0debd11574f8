import type { Model } from "@elyra/provider-kit";
import type { Registry } from "@elyra/registry";
import type { RunFlags } from "./args.js";
import type { Io } from "./io.js";
import { stderrStyles } from "./io.js";
import { chooseModel, NoCredentialError } from "./model-choice.js";

/** Model and credential for a run, with the registry's problems shown first. Throws with exit-code-2 errors. */
export async function prepareRun(registry: Registry, flags: RunFlags, io: Io): Promise<{ model: Model }> {
  await showProblems(registry, io);
  const choice = await chooseModel(registry, { provider: flags.provider, model: flags.model });
  if (choice.fuzzyFrom)
    io.stderr(`${stderrStyles(io).dim(`using ${choice.model.provider}/${choice.model.id}`)}\n`);
  const credential = await registry.credentialFor(choice.model.provider, { apiKeyFlag: flags.apiKey });
  if (!credential && (await needsCredential(registry, choice.model.provider))) {
    throw new NoCredentialError(
      missingCredentialMessage(choice.model.provider, await keyVariables(registry, choice.model.provider)),
    );
  }
  return { model: choice.model };
}

export async function showProblems(registry: Registry, io: Io): Promise<void> {
  const style = stderrStyles(io);
  for (const problem of await registry.problems())
    io.stderr(`${style.yellow("warning:")} ${problem.message}\n`);
}

async function needsCredential(registry: Registry, provider: string): Promise<boolean> {
  const status = (await registry.status()).find((s) => s.provider === provider);
  return status?.required ?? true;
}

async function keyVariables(registry: Registry, provider: string): Promise<readonly string[]> {
  return (await registry.providers()).find((p) => p.id === provider)?.env ?? [];
}

export function missingCredentialMessage(provider: string, env: readonly string[]): string {
  const variable = env.length > 0 ? `, set ${env.join(" or ")}` : "";
  return `no credential for ${provider}: run "elyra login ${provider}"${variable}, or pass --api-key`;
}
