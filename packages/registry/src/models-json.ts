import type { z } from "zod";
import { issueProblems, readConfigFile } from "./config-file.js";
import type { RegistryProblem } from "./index.js";
import type { JsonPath } from "./json-location.js";
import type { ProviderConfig, providerSchema } from "./models-json-schema.js";
import { fileProblem } from "./problems.js";

/** The usable part of models.json, and a way to point at any of its fields. */
export interface ModelsJson {
  file: string;
  /** The provider entries that passed validation, in file order. */
  providers: Map<string, ProviderConfig>;
  problemAt(path: JsonPath, message: string, at?: "key" | "value"): RegistryProblem;
}

export interface ModelsJsonRead {
  modelsJson?: ModelsJson;
  problems: RegistryProblem[];
}

/**
 * Reads and validates models.json. An entry with a problem is left out and reported, and every other entry is
 * used: one typo should not take away the user's other providers. Nothing is resolved here; keys and header
 * values are key specs, read when a request needs them. The schema (and with it zod) is imported only when
 * there is a file to validate.
 */
export async function readModelsJson(file: string): Promise<ModelsJsonRead> {
  const read = await readConfigFile("models.json", file);
  if (read.status === "missing") return { problems: [] };
  if (read.status === "broken") return { problems: [read.problem] };
  const { document } = read;
  const problemAt = (path: JsonPath, message: string, at: "key" | "value" = "value") =>
    fileProblem("models.json", file, document.locate(path, at), path, message);
  const { modelsFileSchema, providerSchema } = await import("./models-json-schema.js");
  const result = modelsFileSchema.safeParse(document.value);
  if (result.success) {
    const providers = new Map(Object.entries(result.data.providers ?? {}));
    return { modelsJson: { file, providers, problemAt }, problems: [] };
  }
  const issues = result.error.issues;
  const problems = issueProblems("models.json", file, document, issues, modelsFileSchema);
  return {
    modelsJson: { file, providers: salvage(document.value, issues, providerSchema), problemAt },
    problems,
  };
}

/** The provider entries no issue points into. */
function salvage(
  value: unknown,
  issues: readonly z.core.$ZodIssue[],
  schema: typeof providerSchema,
): Map<string, ProviderConfig> {
  const providers = (value as { providers?: unknown } | null)?.providers;
  const usable = new Map<string, ProviderConfig>();
  if (typeof providers !== "object" || providers === null || Array.isArray(providers)) return usable;
  const broken = new Set(
    issues.filter((issue) => issue.path[0] === "providers").map((issue) => issue.path[1]),
  );
  for (const [id, entry] of Object.entries(providers)) {
    if (broken.has(id)) continue;
    const checked = schema.safeParse(entry);
    if (checked.success) usable.set(id, checked.data);
  }
  return usable;
}
