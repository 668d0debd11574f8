import type { ToolCall, ToolResultMessage } from "@elyra/provider-kit";
import { type AgentTool, type ToolContext, ToolError, type ToolOutput } from "./tool.js";

/** Runs one call. Every failure becomes an error result the model can read; nothing escapes. */
export async function executeToolCall(
  call: ToolCall,
  tools: AgentTool[],
  context: ToolContext,
): Promise<ToolResultMessage> {
  const output = await run(call, tools, context);
  return {
    role: "toolResult",
    toolCallId: call.id,
    toolName: call.name,
    content: output.content,
    isError: output.isError ?? false,
    timestamp: Date.now(),
  };
}

async function run(call: ToolCall, tools: AgentTool[], context: ToolContext): Promise<ToolOutput> {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) {
    const names = tools.map((candidate) => candidate.name).join(", ") || "none";
    return errorOutput(`Unknown tool "${call.name}". Available tools: ${names}.`);
  }
  try {
    return await tool.execute(call.arguments, context);
  } catch (error) {
    if (error instanceof ToolError) return errorOutput(error.message);
    return errorOutput(`${call.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function errorOutput(text: string): ToolOutput {
  return { content: [{ type: "text", text }], isError: true };
}
