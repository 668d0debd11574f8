import { z } from "zod";
import { issueProblems, readConfigFile } from "./config-file.js";
import type { RegistryProblem, Settings } from "./index.js";

const settingsSchema = z.strictObject({
  $schema: z.string().optional(),
  defaultProvider: z.string().min(1).optional(),
  defaultModel: z.string().min(1).optional(),
  packages: z.array(z.string().min(1)).optional(),
});

export interface SettingsRead {
  settings: Settings;
  problems: RegistryProblem[];
}

/**
 * Reads settings.json. A field with a problem is dropped and the rest is used, so a typo in one setting does
 * not also unload every package; a file that is not JSON, or not an object, counts as empty.
 */
export async function readSettings(file: string): Promise<SettingsRead> {
  const read = await readConfigFile("settings.json", file);
  if (read.status === "missing") return { settings: { packages: [] }, problems: [] };
  if (read.status === "broken") return { settings: { packages: [] }, problems: [read.problem] };
  const { document } = read;
  const result = settingsSchema.safeParse(document.value);
  if (result.success) return { settings: toSettings(result.data), problems: [] };
  const problems = issueProblems("settings.json", file, document, result.error.issues, settingsSchema);
  return { settings: toSettings(salvage(document.value, result.error.issues)), problems };
}

function toSettings(data: z.infer<typeof settingsSchema>): Settings {
  const { $schema: _ignored, packages, ...rest } = data;
  return { ...rest, packages: packages ?? [] };
}

/** The top-level fields that had no issue. */
function salvage(value: unknown, issues: readonly z.core.$ZodIssue[]): z.infer<typeof settingsSchema> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const broken = new Set<PropertyKey | undefined>();
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys" && issue.path.length === 0)
      for (const key of issue.keys) broken.add(key);
    else broken.add(issue.path[0]);
  }
  const kept = Object.fromEntries(Object.entries(value).filter(([key]) => !broken.has(key)));
  const result = settingsSchema.safeParse(kept);
  return result.success ? result.data : {};
}
