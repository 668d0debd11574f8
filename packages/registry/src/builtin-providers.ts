import type { ProviderDefinition } from "@elyra/provider-kit";

/**
 * A provider Elyra knows without configuration: its endpoint, wire API, key variables and quirks, as data.
 * Models come from the catalog (`catalogModels(id)`), not from here.
 */
export interface BuiltinProvider extends Omit<ProviderDefinition, "models"> {
  defaultModel: string;
  /** The vendor's API documentation this definition was checked against. */
  docs?: string;
  /**
   * Settings that are not secrets, read from the environment: setting name → variable. A setting whose name
   * appears as `{name}` in `baseUrl` fills that placeholder (Cloudflare's account and gateway, Bedrock's region,
   * Vertex's location). They never count as a credential; `env` holds only variables that carry a key.
   */
  settingsEnv?: Record<string, string>;
}

/**
 * Base URL conventions, which the wire APIs rely on: openai-completions and openai-responses URLs end where
 * `/chat/completions` or `/responses` is appended (usually `…/v1`); anthropic-messages URLs end before `/v1/messages`
 * (as `ANTHROPIC_BASE_URL` does for Claude Code); google-generative-ai URLs end before `/models/{id}:…`.
 *
 * `{placeholder}` URLs (Azure's resource, Cloudflare's account and gateway, Bedrock's region, Vertex's location)
 * are templates: the cloud providers' `prepare` fills them from `settingsEnv` or the user's settings.
 */

/** OpenRouter and Vercel's AI Gateway attribute traffic to an app by these two headers. */
const APP_ATTRIBUTION = {
  "HTTP-Referer": "https://www.npmjs.com/package/@elyra/cli",
  "X-Title": "Elyra",
};

/**
 * Servers that speak OpenAI's chat completions but not its newer fields: no `developer` role (the system prompt
 * goes as `system`), no `store`, and `max_tokens` rather than `max_completion_tokens`.
 */
const PLAIN_COMPLETIONS = {
  supportsDeveloperRole: false,
  supportsStore: false,
  maxTokensField: "max_tokens",
} as const;

const CLOUDFLARE_GATEWAY = "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}";

export const BUILTIN_PROVIDERS: readonly BuiltinProvider[] = [
  {
    id: "anthropic",
    name: "Anthropic",
    api: "anthropic-messages",
    baseUrl: "https://api.anthropic.com",
    env: ["ANTHROPIC_API_KEY"],
    defaultModel: "claude-sonnet-4-6",
    compat: { supportsPromptCaching: true },
    docs: "https://docs.anthropic.com/en/api/messages",
  },
  {
    id: "openai",
    name: "OpenAI",
    api: "openai-responses",
    baseUrl: "https://api.openai.com/v1",
    env: ["OPENAI_API_KEY"],
    defaultModel: "gpt-5.5",
    docs: "https://platform.openai.com/docs/api-reference/responses",
  },
  {
    id: "google",
    name: "Google Gemini",
    api: "google-generative-ai",
    baseUrl: "https://generativelanguage.googleapis.com/v1beta",
    env: ["GEMINI_API_KEY"],
    defaultModel: "gemini-2.5-pro",
    docs: "https://ai.google.dev/api/generate-content",
  },
  {
    // The v1 API needs no api-version; the resource name and the deployment map come from provider-azure.
    id: "azure-openai-responses",
    name: "Azure OpenAI (Responses)",
    api: "openai-responses",
    baseUrl: "https://{resource}.openai.azure.com/openai/v1",
    env: ["AZURE_OPENAI_API_KEY"],
    defaultModel: "gpt-5.5",
    docs: "https://learn.microsoft.com/en-us/azure/foundry/openai/api-version-lifecycle",
  },
  {
    // Thinking mode with tools: every earlier reasoning_content must be sent back, or the API answers 400.
    id: "deepseek",
    name: "DeepSeek",
    api: "openai-completions",
    baseUrl: "https://api.deepseek.com",
    env: ["DEEPSEEK_API_KEY"],
    defaultModel: "deepseek-flash",
    compat: { ...PLAIN_COMPLETIONS, reasoningReplayField: "reasoning_content" },
    docs: "https://api-docs.deepseek.com/guides/thinking_mode",
  },
  {
    // Tool results carry the tool's name, and tool-call ids must be nine alphanumerics.
    id: "mistral",
    name: "Mistral",
    api: "openai-completions",
    baseUrl: "https://api.mistral.ai/v1",
    env: ["MISTRAL_API_KEY"],
    defaultModel: "devstral-medium-latest",
    compat: { ...PLAIN_COMPLETIONS, requiresToolResultName: true, toolCallIdFormat: "mistral" },
    docs: "https://docs.mistral.ai/api/",
  },
  {
    // Groq answers 400 to messages[].name, so tool results must not carry a name; it takes max_completion_tokens.
    id: "groq",
    name: "Groq",
    api: "openai-completions",
    baseUrl: "https://api.groq.com/openai/v1",
    env: ["GROQ_API_KEY"],
    defaultModel: "openai/gpt-oss-120b",
    compat: { supportsDeveloperRole: false, supportsStore: false },
    docs: "https://console.groq.com/docs/openai",
  },
  {
    // Cerebras maps `system` to the developer level itself and exposes no `developer` role.
    id: "cerebras",
    name: "Cerebras",
    api: "openai-completions",
    baseUrl: "https://api.cerebras.ai/v1",
    env: ["CEREBRAS_API_KEY"],
    defaultModel: "gpt-oss-120b",
    compat: { supportsDeveloperRole: false, supportsStore: false },
    docs: "https://inference-docs.cerebras.ai/resources/openai",
  },
  {
    // Most Grok models reject reasoning_effort (reasoning is chosen by model id); the catalog turns it on
    // for the few that take it (grok-3-mini, grok-4.3).
    id: "xai",
    name: "xAI",
    api: "openai-completions",
    baseUrl: "https://api.x.ai/v1",
    env: ["XAI_API_KEY"],
    defaultModel: "grok-4.3",
    compat: { supportsDeveloperRole: false, supportsStore: false, thinkingFormat: "none" },
    docs: "https://docs.x.ai/developers/model-capabilities/text/reasoning",
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    api: "openai-completions",
    baseUrl: "https://openrouter.ai/api/v1",
    env: ["OPENROUTER_API_KEY"],
    defaultModel: "anthropic/claude-sonnet-4.6",
    headers: { ...APP_ATTRIBUTION },
    compat: { ...PLAIN_COMPLETIONS, thinkingFormat: "openrouter", reasoningReplayField: "reasoning_details" },
    docs: "https://openrouter.ai/docs/app-attribution",
  },
  {
    id: "huggingface",
    name: "Hugging Face Inference Providers",
    api: "openai-completions",
    baseUrl: "https://router.huggingface.co/v1",
    env: ["HF_TOKEN"],
    defaultModel: "moonshotai/Kimi-K2.6",
    compat: { ...PLAIN_COMPLETIONS },
    docs: "https://huggingface.co/docs/inference-providers/index",
  },
  {
    id: "fireworks",
    name: "Fireworks AI",
    api: "openai-completions",
    baseUrl: "https://api.fireworks.ai/inference/v1",
    env: ["FIREWORKS_API_KEY"],
    defaultModel: "accounts/fireworks/models/kimi-k2p6",
    compat: { ...PLAIN_COMPLETIONS },
    docs: "https://docs.fireworks.ai/tools-sdks/openai-compatibility",
  },
  {
    id: "together",
    name: "Together AI",
    api: "openai-completions",
    baseUrl: "https://api.together.ai/v1",
    env: ["TOGETHER_API_KEY"],
    defaultModel: "openai/gpt-oss-120b",
    compat: { ...PLAIN_COMPLETIONS },
    docs: "https://docs.together.ai/docs/inference/openai-compatibility",
  },
  {
    // The unified /compat endpoint takes `{provider}/{model}` ids; Claude and GPT models go to the gateway's
    // native /anthropic and /openai routes instead (the catalog records that per model). How the key is sent
    // (provider key, stored keys, unified billing, authenticated gateway) is provider-cloudflare's business.
    id: "cloudflare-ai-gateway",
    name: "Cloudflare AI Gateway",
    api: "openai-completions",
    baseUrl: `${CLOUDFLARE_GATEWAY}/compat`,
    env: ["CLOUDFLARE_API_KEY"],
    settingsEnv: { account_id: "CLOUDFLARE_ACCOUNT_ID", gateway_id: "CLOUDFLARE_GATEWAY_ID" },
    defaultModel: "workers-ai/@cf/moonshotai/kimi-k2.6",
    compat: { supportsDeveloperRole: false, maxTokensField: "max_tokens" },
    docs: "https://developers.cloudflare.com/ai-gateway/chat-completion/",
  },
  {
    id: "cloudflare-workers-ai",
    name: "Cloudflare Workers AI",
    api: "openai-completions",
    baseUrl: "https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1",
    env: ["CLOUDFLARE_API_KEY"],
    settingsEnv: { account_id: "CLOUDFLARE_ACCOUNT_ID" },
    defaultModel: "@cf/moonshotai/kimi-k2.6",
    compat: { ...PLAIN_COMPLETIONS },
    docs: "https://developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility/",
  },
  {
    // Chat completions takes a `reasoning: {effort}` object, the same shape as OpenRouter's.
    id: "vercel-ai-gateway",
    name: "Vercel AI Gateway",
    api: "openai-completions",
    baseUrl: "https://ai-gateway.vercel.sh/v1",
    env: ["AI_GATEWAY_API_KEY"],
    defaultModel: "anthropic/claude-sonnet-4.6",
    headers: { ...APP_ATTRIBUTION },
    compat: { ...PLAIN_COMPLETIONS, thinkingFormat: "openrouter" },
    docs: "https://vercel.com/docs/ai-gateway/openai-compat",
  },
  {
    // The GLM Coding Plan endpoint, which Z.ai gives for tools other than Claude Code (which gets
    // https://api.z.ai/api/anthropic); pay-as-you-go keys use https://api.z.ai/api/paas/v4 instead.
    id: "zai",
    name: "Z.ai (GLM Coding Plan)",
    api: "openai-completions",
    baseUrl: "https://api.z.ai/api/coding/paas/v4",
    env: ["ZAI_API_KEY"],
    defaultModel: "glm-5.1",
    compat: { ...PLAIN_COMPLETIONS, thinkingFormat: "zai", reasoningReplayField: "reasoning_content" },
    docs: "https://docs.z.ai/devpack/overview",
  },
  {
    // Zen serves each model family on its own API; the catalog gives Claude, GPT and Gemini models theirs.
    // Only flags that concern chat completions are set here, so GPT models on Responses still send store: false.
    id: "opencode",
    name: "OpenCode Zen",
    api: "openai-completions",
    baseUrl: "https://opencode.ai/zen/v1",
    env: ["OPENCODE_API_KEY"],
    defaultModel: "claude-sonnet-4-6",
    compat: { supportsDeveloperRole: false, maxTokensField: "max_tokens" },
    docs: "https://opencode.ai/docs/zen",
  },
  {
    // Same key as Zen; MiniMax models are served on the Anthropic-compatible route (set per model in the catalog).
    id: "opencode-go",
    name: "OpenCode Go",
    api: "openai-completions",
    baseUrl: "https://opencode.ai/zen/go/v1",
    env: ["OPENCODE_API_KEY"],
    defaultModel: "glm-5.1",
    compat: { ...PLAIN_COMPLETIONS },
    docs: "https://opencode.ai/docs/go",
  },
  {
    id: "kimi-coding",
    name: "Kimi For Coding",
    api: "anthropic-messages",
    baseUrl: "https://api.kimi.com/coding",
    env: ["KIMI_API_KEY"],
    defaultModel: "kimi-for-coding",
    docs: "https://www.kimi.com/code/docs/",
  },
  {
    id: "minimax",
    name: "MiniMax",
    api: "anthropic-messages",
    baseUrl: "https://api.minimax.io/anthropic",
    env: ["MINIMAX_API_KEY"],
    defaultModel: "MiniMax-M2.7",
    docs: "https://platform.minimax.io/docs/api-reference/text-anthropic-api",
  },
  {
    id: "minimax-cn",
    name: "MiniMax (China)",
    api: "anthropic-messages",
    baseUrl: "https://api.minimaxi.com/anthropic",
    env: ["MINIMAX_CN_API_KEY"],
    defaultModel: "MiniMax-M2.7",
    docs: "https://platform.minimaxi.com/docs/api-reference/text-anthropic-api",
  },
  {
    // MiMo's Anthropic-compatible API takes the key as `api-key` or `Authorization: Bearer`, not `x-api-key`.
    id: "xiaomi",
    name: "Xiaomi MiMo",
    api: "anthropic-messages",
    baseUrl: "https://api.xiaomimimo.com/anthropic",
    compat: { credentialHeader: "bearer" },
    env: ["XIAOMI_API_KEY"],
    defaultModel: "mimo-v2.5-pro",
    docs: "https://platform.xiaomimimo.com/docs/en-US/api/chat/anthropic-api",
  },
  {
    // Token Plan keys (tp-…) work only on the plan's own cluster, never on the pay-as-you-go endpoint.
    id: "xiaomi-token-plan-cn",
    name: "Xiaomi MiMo Token Plan (China)",
    api: "anthropic-messages",
    baseUrl: "https://token-plan-cn.xiaomimimo.com/anthropic",
    compat: { credentialHeader: "bearer" },
    env: ["XIAOMI_TOKEN_PLAN_CN_API_KEY"],
    defaultModel: "mimo-v2.5-pro",
    docs: "https://platform.xiaomimimo.com/docs/en-US/tokenplan/quick-access",
  },
  {
    id: "xiaomi-token-plan-ams",
    name: "Xiaomi MiMo Token Plan (Europe)",
    api: "anthropic-messages",
    baseUrl: "https://token-plan-ams.xiaomimimo.com/anthropic",
    compat: { credentialHeader: "bearer" },
    env: ["XIAOMI_TOKEN_PLAN_AMS_API_KEY"],
    defaultModel: "mimo-v2.5-pro",
    docs: "https://platform.xiaomimimo.com/docs/en-US/tokenplan/quick-access",
  },
  {
    id: "xiaomi-token-plan-sgp",
    name: "Xiaomi MiMo Token Plan (Singapore)",
    api: "anthropic-messages",
    baseUrl: "https://token-plan-sgp.xiaomimimo.com/anthropic",
    compat: { credentialHeader: "bearer" },
    env: ["XIAOMI_TOKEN_PLAN_SGP_API_KEY"],
    defaultModel: "mimo-v2.5-pro",
    docs: "https://platform.xiaomimimo.com/docs/en-US/tokenplan/quick-access",
  },
  {
    // A Bedrock API key is the only credential that fits in `env`; the rest of the AWS credential chain
    // (profiles, SSO, instance roles) arrives with provider-bedrock's resolveCredential. The catalog's `us.` and `eu.`
    // ids are cross-region inference profiles, callable only from a region of that geography.
    id: "amazon-bedrock",
    name: "Amazon Bedrock",
    api: "bedrock-converse-stream",
    baseUrl: "https://bedrock-runtime.{region}.amazonaws.com",
    env: ["AWS_BEARER_TOKEN_BEDROCK"],
    settingsEnv: { region: "AWS_REGION" },
    defaultModel: "us.anthropic.claude-sonnet-4-6",
    docs: "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html",
  },
  {
    // An express-mode API key when set; otherwise Application Default Credentials through provider-google's
    // resolveCredential. The `global` location (the only one serving some Gemini 3 previews) has no prefix:
    // https://aiplatform.googleapis.com, which provider-google's prepare must produce instead of the template.
    id: "google-vertex",
    name: "Google Vertex AI",
    api: "google-vertex",
    baseUrl: "https://{location}-aiplatform.googleapis.com",
    env: ["GOOGLE_CLOUD_API_KEY"],
    settingsEnv: { project: "GOOGLE_CLOUD_PROJECT", location: "GOOGLE_CLOUD_LOCATION" },
    defaultModel: "gemini-2.5-pro",
    docs: "https://cloud.google.com/vertex-ai/generative-ai/docs/start/api-keys",
  },
];
