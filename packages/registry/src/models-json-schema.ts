import type { Compat } from "@elyra/provider-kit";
// `* as z`, not `{ z }`: a bundler can then leave out what is not used, such as zod's 60-odd locales.
import * as z from "zod";

/**
 * The shape of models.json. Every object is strict, so a misspelt key is an error rather than a setting that
 * silently does nothing. Defaults are not applied here (see model-defaults.ts): the same shapes describe
 * overrides, where an absent field means "keep the built-in value".
 */

const HEADER_NAME_ERROR = "must be true, false or a header name (letters, digits and -)";
const PROVIDER_ID_ERROR =
  "a provider id starts with a letter or digit and holds only letters, digits, '.', '_' and '-'";

const keySpec = z
  .string()
  .min(1)
  .describe('A key: "!command" (its stdout), an ENV_VAR_NAME (its value) or the key itself.');

const headers = z
  .record(z.string().min(1), z.string())
  .describe(
    'Extra request headers. Values use key syntax ("!command", ENV_VAR_NAME, literal); "" removes one.',
  );

// A token budget for "budget" models, a `thinkingLevel` name for "level" models.
const thinkingValue = () => z.union([z.number().int().nonnegative(), z.string().min(1)]).optional();

const flag = (description: string) => z.boolean().optional().describe(description);

// One entry per Compat flag; `satisfies` fails the build when provider-kit adds a flag this schema lacks.
const compatShape = {
  supportsDeveloperRole: flag('openai-completions: send the system prompt with role "developer".'),
  supportsStore: flag("openai-completions / openai-responses: the server accepts `store: false`."),
  maxTokensField: z
    .enum(["max_completion_tokens", "max_tokens"])
    .optional()
    .describe("openai-completions: which field carries the output limit."),
  supportsUsageInStreaming: flag("openai-completions: the server honours `stream_options.include_usage`."),
  thinkingFormat: z
    .enum(["openai", "openrouter", "zai", "qwen", "none"])
    .optional()
    .describe("openai-completions: how a reasoning level is sent."),
  requiresToolResultName: flag("openai-completions: tool results must carry the tool's `name`."),
  reasoningReplayField: z
    .enum(["reasoning_content", "reasoning", "reasoning_details"])
    .optional()
    .describe("openai-completions: the assistant-message field that replays thinking."),
  supportsPromptCaching: flag("anthropic-messages: mark the prompt with `cache_control`."),
  credentialHeader: z
    .enum(["x-api-key", "bearer"])
    .optional()
    .describe("anthropic-messages: send the credential as `x-api-key` or as `authorization: Bearer`."),
  geminiThinking: z
    .enum(["budget", "level"])
    .optional()
    .describe("google-generative-ai: `thinkingBudget` tokens (Gemini 2.5) or `thinkingLevel` (Gemini 3)."),
  geminiThinkingValues: z
    .strictObject({
      minimal: thinkingValue(),
      low: thinkingValue(),
      medium: thinkingValue(),
      high: thinkingValue(),
      xhigh: thinkingValue(),
    })
    .optional()
    .describe("google-generative-ai: what each reasoning level sends (a token budget or a level name)."),
  requiresThoughtSignatures: flag(
    "google-generative-ai: tool calls must carry thought signatures (Gemini 3).",
  ),
  toolCallIdFormat: z
    .enum(["mistral"])
    .optional()
    .describe(
      'openai-completions: the tool-call id shape the server accepts ("mistral": nine alphanumerics).',
    ),
} satisfies { [K in keyof Required<Compat>]: z.ZodType<Compat[K]> };

const compatSchema = z.strictObject(compatShape).describe("Vendor differences the wire API should know.");

const costSchema = z
  .strictObject({
    input: z.number().nonnegative().optional(),
    output: z.number().nonnegative().optional(),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
  })
  .describe("Dollars per 1M tokens; absent fields are 0 for a new model.");

/** Model fields that may be set or overridden; `id` is added for a model entry. */
const modelFields = {
  name: z.string().min(1).optional().describe("Shown in lists; default: the id."),
  reasoning: z.boolean().optional().describe("The model can think; default false."),
  input: z
    .array(z.enum(["text", "image"]))
    .min(1)
    .optional()
    .describe('What it accepts; default ["text"].'),
  contextWindow: z.number().int().positive().optional().describe("Tokens; default 128000."),
  maxTokens: z.number().int().positive().optional().describe("Output tokens; default 16384."),
  cost: costSchema.optional(),
  headers: headers.optional(),
  compat: compatSchema.optional(),
};

const modelSchema = z.strictObject({
  id: z.string().min(1).describe("The model id sent to the API (the only required field)."),
  ...modelFields,
});

const modelOverrideSchema = z.strictObject(modelFields);

function rejectDuplicateIds(models: { id: string }[], context: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  for (const [index, model] of models.entries()) {
    const first = seen.get(model.id);
    if (first === undefined) {
      seen.set(model.id, index);
      continue;
    }
    context.addIssue({
      code: "custom",
      path: [index, "id"],
      message: `duplicate model id ${JSON.stringify(model.id)} (already at models[${first}])`,
    });
  }
}

export const providerSchema = z.strictObject({
  name: z.string().min(1).optional().describe("Shown in lists; default: the id."),
  baseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .optional()
    .describe("Where requests go; required for a new provider."),
  api: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The wire API: openai-completions, openai-responses, anthropic-messages, google-generative-ai, " +
        "or one a provider package registers; required for a new provider.",
    ),
  apiKey: keySpec.optional(),
  headers: headers.optional(),
  authHeader: z
    .union([z.boolean(), z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: HEADER_NAME_ERROR })], {
      error: HEADER_NAME_ERROR,
    })
    .optional()
    .describe(
      "How the key is sent. true (default): the API's own way (Authorization: Bearer for OpenAI APIs, " +
        "x-api-key for Anthropic, x-goog-api-key for Google). false: no key is sent or needed. " +
        'A header name: the key as that header\'s value ("Authorization" gets "Bearer ").',
    ),
  compat: compatSchema.optional(),
  models: z
    .array(modelSchema)
    .superRefine(rejectDuplicateIds)
    .optional()
    .describe("Models to add, or changes to models the provider already has (matched by id)."),
  modelOverrides: z
    .record(z.string().min(1), modelOverrideSchema)
    .optional()
    .describe("Changes to models the provider already has, by model id."),
});

export const modelsFileSchema = z.strictObject({
  $schema: z.string().optional().describe("For editors; ignored by Elyra."),
  providers: z
    .record(z.string().regex(/^[A-Za-z0-9][\w.-]*$/, { error: PROVIDER_ID_ERROR }), providerSchema)
    .optional()
    .describe("By provider id: a new provider, or changes to a built-in or package provider."),
});

export type ProviderConfig = z.infer<typeof providerSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type ModelOverride = z.infer<typeof modelOverrideSchema>;

let jsonSchema: Record<string, unknown> | undefined;

/**
 * The JSON Schema of models.json (draft 2020-12), for editors; packages/registry/models.schema.json holds it.
 * Built on first call, not when this module loads, and the same object after that.
 */
export function modelsJsonSchema(): Record<string, unknown> {
  jsonSchema ??= { ...z.toJSONSchema(modelsFileSchema, { io: "input" }), title: "Elyra models.json" };
  return jsonSchema;
}
