import type { RegistryProblem } from "./index.js";
import type { JsonPath, JsonPosition } from "./json-location.js";
import { formatPath } from "./zod-issues.js";

/** `file:line:column: field: message`, the form editors and terminals turn into a link. */
export function fileProblem(
  kind: "models.json" | "settings.json",
  file: string,
  position: JsonPosition,
  path: JsonPath | undefined,
  message: string,
): RegistryProblem {
  const field = path && path.length > 0 ? formatPath(path) : undefined;
  const where = `${file}:${position.line}:${position.column}`;
  return {
    kind,
    message: `${where}: ${field ? `${field}: ` : ""}${message}`,
    file,
    line: position.line,
    column: position.column,
    ...(field ? { field } : {}),
  };
}

/** A package from settings.json that could not be used. */
export function packageProblem(spec: string, settingsFile: string, reason: string): RegistryProblem {
  return {
    kind: "package",
    message: `package ${JSON.stringify(spec)} (listed in ${settingsFile}) was skipped: ${reason}`,
    package: spec,
    file: settingsFile,
  };
}
