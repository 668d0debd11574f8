/**
 * @elyra/agent — the agent loop and its tools. Give it a model, the wire API that serves it and a
 * conversation; it streams the answer, runs the tools the model asks for and goes on until the model stops.
 */
export type { AgentEvent, AgentOptions, AgentResult, AgentStopReason } from "./agent-loop.js";
export { runAgent } from "./agent-loop.js";
export type { AgentTool, ToolContext, ToolOutput } from "./tool.js";
export { ToolError } from "./tool.js";
export { executeToolCall } from "./tool-runner.js";
export { bashTool } from "./tools/bash.js";
export { editTool } from "./tools/edit.js";
export { readTool } from "./tools/read.js";
export { writeTool } from "./tools/write.js";

import { bashTool } from "./tools/bash.js";
import { editTool } from "./tools/edit.js";
import { readTool } from "./tools/read.js";
import { writeTool } from "./tools/write.js";

/** read, write, edit and bash, in the order the model sees them. */
export const codingTools = [readTool, writeTool, editTool, bashTool] as const;
