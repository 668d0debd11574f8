import { readFile, writeFile } from "node:fs/promises";
import { type AgentTool, stringArg, ToolError, textOutput } from "../tool.js";
import { resolvePath } from "./paths.js";

export const editTool: AgentTool = {
  name: "edit",
  description:
    "Replace one exact occurrence of oldText with newText in a file. oldText must match exactly once, whitespace included; add surrounding lines to make it unique.",
  parameters: {
    type: "object",
    properties: {
      path: { type: "string", description: "File path, relative to the working directory or absolute" },
      oldText: { type: "string", description: "The exact text to replace; must occur exactly once" },
      newText: { type: "string", description: "The replacement text" },
    },
    required: ["path", "oldText", "newText"],
    additionalProperties: false,
  },
  async execute(args, context) {
    const path = resolvePath(context.cwd, stringArg(args, "path"));
    const oldText = stringArg(args, "oldText");
    const newText = stringArg(args, "newText");
    if (oldText.length === 0)
      throw new ToolError("oldText is empty; use write to create or replace a whole file");
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new ToolError(
        error.code === "ENOENT" ? `${path} does not exist` : `cannot read ${path}: ${error.code}`,
      );
    });
    const count = countOccurrences(text, oldText);
    if (count === 0)
      throw new ToolError(`oldText was not found in ${path}; read the file and copy the text exactly`);
    if (count > 1) {
      throw new ToolError(
        `oldText matched ${count} times in ${path}; include more surrounding lines so it matches once`,
      );
    }
    const at = text.indexOf(oldText);
    await writeFile(path, text.slice(0, at) + newText + text.slice(at + oldText.length), "utf8");
    const line = text.slice(0, at).split("\n").length;
    return textOutput(`Edited ${path} at line ${line}`);
  },
};

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
