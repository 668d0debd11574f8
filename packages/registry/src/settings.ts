import { readConfigFile } from "./config-file.js";
import type { RegistryProblem, Settings } from "./index.js";

export interface SettingsRead {
  settings: Settings;
  problems: RegistryProblem[];
}

/**
 * Reads settings.json. A field with a problem is dropped and the rest is used, so a typo in one setting does
 * not also unload every package; a file that is not JSON, or not an object, counts as empty. The schema (and
 * with it zod) is imported only when there is a file to validate.
 */
export async function readSettings(file: string): Promise<SettingsRead> {
  const read = await readConfigFile("settings.json", file);
  if (read.status === "missing") return { settings: { packages: [] }, problems: [] };
  if (read.status === "broken") return { settings: { packages: [] }, problems: [read.problem] };
  const { validateSettings } = await import("./settings-schema.js");
  return validateSettings(file, read.document);
}
