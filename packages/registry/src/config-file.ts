import { readFile } from "node:fs/promises";
import type { z } from "zod";
import type { RegistryProblem } from "./index.js";
import type { JsoncDocument } from "./json-location.js";
import { fileProblem } from "./problems.js";
import { describeIssues } from "./zod-issues.js";

export type ConfigKind = "models.json" | "settings.json";

/** A config file as far as it could be read: absent, unusable (with why), or parsed and ready to validate. */
export type ConfigRead =
  | { status: "missing" }
  | { status: "broken"; problem: RegistryProblem }
  | { status: "parsed"; document: JsoncDocument };

export async function readConfigFile(kind: ConfigKind, file: string): Promise<ConfigRead> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { status: "missing" };
    const problem = fileProblem(
      kind,
      file,
      { line: 1, column: 1 },
      undefined,
      `cannot be read (${code ?? error})`,
    );
    return { status: "broken", problem };
  }
  // The JSONC parser is imported only when there is a file to parse.
  const { parseJsonc } = await import("./json-location.js");
  const parsed = parseJsonc(text);
  if (parsed.ok) return { status: "parsed", document: parsed.document };
  const message = `not valid JSON: ${parsed.reason}`;
  return { status: "broken", problem: fileProblem(kind, file, parsed.position, undefined, message) };
}

/** zod's issues as problems that point into the file. */
export function issueProblems(
  kind: ConfigKind,
  file: string,
  document: JsoncDocument,
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
): RegistryProblem[] {
  const problems = describeIssues(issues, document.value, schema).map((issue) =>
    fileProblem(kind, file, document.locate(issue.path, issue.at), issue.path, issue.message),
  );
  // In file order, as an editor would list them; zod reports unknown keys after the other fields.
  return problems.sort((a, b) => a.line! - b.line! || a.column! - b.column!);
}
