import type { Context, Model, StreamOptions, Tool } from "@elyra/provider-kit";
import { toContents } from "./gemini-contents.js";
import type { GeminiFunctionDeclaration, GeminiGenerationConfig, GeminiRequest } from "./gemini-types.js";
import { thinkingConfig } from "./thinking-config.js";

/** The GenerateContent request body, the same for the Gemini API and Vertex AI. */
export function buildGeminiRequest(model: Model, context: Context, options?: StreamOptions): GeminiRequest {
  const request: GeminiRequest = { contents: toContents(model, context.messages) };
  if (context.systemPrompt) request.systemInstruction = { parts: [{ text: context.systemPrompt }] };
  if (context.tools && context.tools.length > 0) {
    request.tools = [{ functionDeclarations: context.tools.map(toDeclaration) }];
  }
  const config = generationConfig(model, options);
  if (config) request.generationConfig = config;
  return request;
}

/**
 * Tools go out as `parametersJsonSchema`, which takes JSON Schema as it is. The older `parameters` field is
 * a protobuf Schema message that fails the whole request on any keyword it lacks (`additionalProperties`,
 * `$ref`, `exclusiveMinimum`, …), so sending that would mean rewriting every schema. `$schema` is dropped:
 * it names a meta-schema rather than describing arguments, and it is bytes on every request.
 */
function toDeclaration(tool: Tool): GeminiFunctionDeclaration {
  const { $schema: _metaSchema, ...schema } = tool.parameters;
  return { name: tool.name, description: tool.description, parametersJsonSchema: schema };
}

function generationConfig(
  model: Model,
  options: StreamOptions | undefined,
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (options?.maxTokens !== undefined) config.maxOutputTokens = options.maxTokens;
  if (options?.temperature !== undefined) config.temperature = options.temperature;
  const thinking = thinkingConfig(model, options?.reasoning);
  if (thinking) config.thinkingConfig = thinking;
  return Object.keys(config).length > 0 ? config : undefined;
}
