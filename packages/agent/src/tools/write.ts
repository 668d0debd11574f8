import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type AgentTool, stringArg, textOutput } from "../tool.js";
import { resolvePath } from "./paths.js";

export const writeTool: AgentTool = {
  name: "write",
  description: "Create or replace a file with the given content. Missing parent folders are created.",
  parameters: {
    type: "object",
    properties: {
      path: { type: "string", description: "File path, relative to the working directory or absolute" },
      content: { type: "string", description: "The complete new content of the file" },
    },
    required: ["path", "content"],
    additionalProperties: false,
  },
  async execute(args, context) {
    const path = resolvePath(context.cwd, stringArg(args, "path"));
    const content = stringArg(args, "content");
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, "utf8");
    return textOutput(`Wrote ${Buffer.byteLength(content)} bytes to ${path}`);
  },
};
