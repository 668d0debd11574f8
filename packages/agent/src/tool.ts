import type { ImageContent, TextContent, Tool } from "@elyra/provider-kit";

export interface ToolContext {
  /** The directory relative paths are resolved against. */
  cwd: string;
  signal?: AbortSignal;
}

export interface ToolOutput {
  content: (TextContent | ImageContent)[];
  /** The model sees the failure and can act on it; the agent goes on. */
  isError?: boolean;
}

/** A tool the model can call: its schema is what the model sees, `execute` what runs. */
export interface AgentTool extends Tool {
  execute(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput>;
}

/** A failure the model can act on: becomes an error tool result, never a crash. */
export class ToolError extends Error {
  override name = "ToolError";
}

export function textOutput(text: string, isError = false): ToolOutput {
  return { content: [{ type: "text", text }], isError };
}

/** Read a required string argument, with an error the model understands when it is missing. */
export function stringArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== "string") throw new ToolError(`"${name}" must be a string`);
  return value;
}

export function optionalIntArg(args: Record<string, unknown>, name: string, min: number): number | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ToolError(`"${name}" must be an integer >= ${min}`);
  }
  return value;
}
