import { readFileSync } from "node:fs";
import { COMPAT_FLAGS, type Compat } from "@elyra/provider-kit";
import { describe, expect, it } from "vitest";
import { BUILTIN_PROVIDERS, type BuiltinProvider } from "../src/builtin-providers.js";
import { catalogModels } from "../src/catalog.js";

/** The providers of the issue and the variables that may hold their key, in order. */
const EXPECTED_ENV: Record<string, string[]> = {
  anthropic: ["ANTHROPIC_API_KEY"],
  openai: ["OPENAI_API_KEY"],
  google: ["GEMINI_API_KEY"],
  "azure-openai-responses": ["AZURE_OPENAI_API_KEY"],
  deepseek: ["DEEPSEEK_API_KEY"],
  mistral: ["MISTRAL_API_KEY"],
  groq: ["GROQ_API_KEY"],
  cerebras: ["CEREBRAS_API_KEY"],
  xai: ["XAI_API_KEY"],
  openrouter: ["OPENROUTER_API_KEY"],
  huggingface: ["HF_TOKEN"],
  fireworks: ["FIREWORKS_API_KEY"],
  together: ["TOGETHER_API_KEY"],
  "cloudflare-ai-gateway": ["CLOUDFLARE_API_KEY"],
  "cloudflare-workers-ai": ["CLOUDFLARE_API_KEY"],
  "vercel-ai-gateway": ["AI_GATEWAY_API_KEY"],
  zai: ["ZAI_API_KEY"],
  opencode: ["OPENCODE_API_KEY"],
  "opencode-go": ["OPENCODE_API_KEY"],
  "kimi-coding": ["KIMI_API_KEY"],
  minimax: ["MINIMAX_API_KEY"],
  "minimax-cn": ["MINIMAX_CN_API_KEY"],
  xiaomi: ["XIAOMI_API_KEY"],
  "xiaomi-token-plan-cn": ["XIAOMI_TOKEN_PLAN_CN_API_KEY"],
  "xiaomi-token-plan-ams": ["XIAOMI_TOKEN_PLAN_AMS_API_KEY"],
  "xiaomi-token-plan-sgp": ["XIAOMI_TOKEN_PLAN_SGP_API_KEY"],
  "amazon-bedrock": ["AWS_BEARER_TOKEN_BEDROCK"],
  "google-vertex": ["GOOGLE_CLOUD_API_KEY"],
};

const WIRE_APIS = [
  "openai-completions",
  "openai-responses",
  "anthropic-messages",
  "google-generative-ai",
  "google-vertex",
  "bedrock-converse-stream",
];

/** Placeholders no environment variable fills: provider-azure takes the resource from the user's settings. */
const FILLED_BY_PREPARE: Record<string, string[]> = { "azure-openai-responses": ["resource"] };

function placeholders(url: string): string[] {
  return [...url.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1]!);
}

/** A URL with its placeholders filled by a sample value, so it can be parsed. */
function sampleUrl(url: string): URL {
  return new URL(url.replace(/\{[a-z_]+\}/g, "sample"));
}

function expectKnownCompat(compat: Compat | undefined, where: string) {
  for (const flag of Object.keys(compat ?? {})) expect(COMPAT_FLAGS, `${where}: ${flag}`).toContain(flag);
}

describe("BUILTIN_PROVIDERS", () => {
  it("has every provider of the issue exactly once, and no other", () => {
    const ids = BUILTIN_PROVIDERS.map((provider) => provider.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(EXPECTED_ENV).sort());
  });

  describe.each(BUILTIN_PROVIDERS.map((provider) => [provider.id, provider] as [string, BuiltinProvider]))(
    "%s",
    (id, provider) => {
      it("has a name, a known wire API and exactly the issue's key variables", () => {
        expect(provider.name.trim().length).toBeGreaterThan(0);
        expect(WIRE_APIS).toContain(provider.api);
        expect(provider.env).toEqual(EXPECTED_ENV[id]);
      });

      it("has an https base URL, whose placeholders are all documented", () => {
        expect(sampleUrl(provider.baseUrl).protocol).toBe("https:");
        expect(provider.baseUrl.endsWith("/")).toBe(false);
        const documented = [...Object.keys(provider.settingsEnv ?? {}), ...(FILLED_BY_PREPARE[id] ?? [])];
        for (const name of placeholders(provider.baseUrl)) expect(documented).toContain(name);
        if (provider.docs) expect(new URL(provider.docs).protocol).toBe("https:");
      });

      it("keeps settings out of the key variables", () => {
        for (const variable of Object.values(provider.settingsEnv ?? {})) {
          expect(provider.env).not.toContain(variable);
          expect(variable).toMatch(/^[A-Z][A-Z0-9_]*$/);
        }
      });

      it("uses only compat flags the contract defines", () => {
        expectKnownCompat(provider.compat, id);
      });

      it("has catalog models, its default model among them", () => {
        const models = catalogModels(id);
        expect(models.length).toBeGreaterThan(0);
        expect(models.map((model) => model.id)).toContain(provider.defaultModel);
      });

      it("has catalog models on known wire APIs, with https base URLs and known compat flags", () => {
        for (const model of catalogModels(id)) {
          const where = `${id}/${model.id}`;
          expect(WIRE_APIS, where).toContain(model.api);
          expect(sampleUrl(model.baseUrl).protocol, where).toBe("https:");
          for (const name of placeholders(model.baseUrl))
            expect(placeholders(provider.baseUrl), where).toContain(name);
          expectKnownCompat(model.compat, where);
          // A route of its own is written only where it differs from the provider's.
          if (model.api === provider.api) expect(model.baseUrl, where).toBe(provider.baseUrl);
        }
      });
    },
  );

  it("models the Cloudflare account and gateway as settings, not keys", () => {
    const byId = new Map(BUILTIN_PROVIDERS.map((provider) => [provider.id, provider]));
    expect(byId.get("cloudflare-ai-gateway")?.settingsEnv).toEqual({
      account_id: "CLOUDFLARE_ACCOUNT_ID",
      gateway_id: "CLOUDFLARE_GATEWAY_ID",
    });
    expect(byId.get("cloudflare-workers-ai")?.settingsEnv).toEqual({ account_id: "CLOUDFLARE_ACCOUNT_ID" });
  });

  it("sends OpenRouter's attribution headers", () => {
    const openrouter = BUILTIN_PROVIDERS.find((provider) => provider.id === "openrouter");
    expect(Object.keys(openrouter?.headers ?? {}).sort()).toEqual(["HTTP-Referer", "X-Title"]);
  });

  it("agrees with the catalog generator on each provider's wire API", () => {
    // The generator keeps its own copy of the default APIs (it is plain JavaScript and cannot import this module).
    const script = readFileSync(new URL("../scripts/update-catalog.mjs", import.meta.url), "utf8");
    for (const provider of BUILTIN_PROVIDERS) {
      const key = /^[a-z]+$/.test(provider.id) ? provider.id : `"${provider.id}"`;
      const entry = new RegExp(
        `^  ${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\{\\s*api: "([a-z-]+)"`,
        "m",
      );
      expect(entry.exec(script)?.[1], provider.id).toBe(provider.api);
    }
  });
});
