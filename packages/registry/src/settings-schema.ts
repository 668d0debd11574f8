// `* as z`, not `{ z }`: a bundler can then leave out what is not used, such as zod's 60-odd locales.
import * as z from "zod";
import { issueProblems } from "./config-file.js";
import type { Settings } from "./index.js";
import type { JsoncDocument } from "./json-location.js";
import type { SettingsRead } from "./settings.js";

const settingsSchema = z.strictObject({
  $schema: z.string().optional(),
  defaultProvider: z.string().min(1).optional(),
  defaultModel: z.string().min(1).optional(),
  packages: z.array(z.string().min(1)).optional(),
});

/**
 * Validates a parsed settings.json. A field with a problem is dropped and the rest is used, so a typo in one
 * setting does not also unload every package; a value that is not an object counts as empty.
 */
export function validateSettings(file: string, document: JsoncDocument): SettingsRead {
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
