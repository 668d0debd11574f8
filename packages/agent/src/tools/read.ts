import { open, stat } from "node:fs/promises";
import { type AgentTool, optionalIntArg, stringArg, ToolError, textOutput } from "../tool.js";
import { resolvePath } from "./paths.js";

const DEFAULT_LIMIT = 2000;
const MAX_LINE_CHARS = 2000;
const MAX_BYTES = 10 * 1024 * 1024;
const SNIFF_BYTES = 8192;

export const readTool: AgentTool = {
  name: "read",
  description:
    "Read a text file. Returns at most 2000 lines; use offset (1-based line) and limit to page through larger files.",
  parameters: {
    type: "object",
    properties: {
      path: { type: "string", description: "File path, relative to the working directory or absolute" },
      offset: { type: "integer", minimum: 1, description: "First line to return (1-based)" },
      limit: { type: "integer", minimum: 1, description: "Maximum number of lines to return" },
    },
    required: ["path"],
    additionalProperties: false,
  },
  async execute(args, context) {
    const path = resolvePath(context.cwd, stringArg(args, "path"));
    const offset = optionalIntArg(args, "offset", 1) ?? 1;
    const limit = optionalIntArg(args, "limit", 1) ?? DEFAULT_LIMIT;
    const bytes = await readFileChecked(path);
    if (looksBinary(bytes)) throw new ToolError(`${path} is a binary file; read only works on text files`);
    return textOutput(page(bytes.toString("utf8"), offset, limit));
  },
};

async function readFileChecked(path: string): Promise<Buffer> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ToolError(
      error.code === "ENOENT" ? `${path} does not exist` : `cannot read ${path}: ${error.code}`,
    );
  });
  if (info.isDirectory()) throw new ToolError(`${path} is a directory; use bash with ls to list it`);
  if (info.size > MAX_BYTES) {
    throw new ToolError(
      `${path} is ${info.size} bytes, over the 10 MiB read limit; use bash (head, sed -n) instead`,
    );
  }
  const handle = await open(path, "r");
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A NUL byte in the first 8 KiB is what git and grep treat as binary too. */
function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, SNIFF_BYTES).includes(0);
}

function page(text: string, offset: number, limit: number): string {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  if (offset > Math.max(lines.length, 1)) {
    throw new ToolError(`offset ${offset} is past the end of the file (${lines.length} lines)`);
  }
  const slice = lines.slice(offset - 1, offset - 1 + limit).map(clipLine);
  const last = offset - 1 + slice.length;
  const body = slice.join("\n");
  if (offset === 1 && last >= lines.length) return body;
  const more = last < lines.length ? ` Use offset=${last + 1} to continue.` : "";
  return `${body}\n\n[Lines ${offset}-${last} of ${lines.length}.${more}]`;
}

function clipLine(line: string): string {
  return line.length <= MAX_LINE_CHARS
    ? line
    : `${line.slice(0, MAX_LINE_CHARS)}… [line cut at ${MAX_LINE_CHARS} chars]`;
}
