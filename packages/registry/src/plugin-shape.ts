import type { ProviderPlugin } from "@elyra/provider-kit";
// `* as z`, not `{ z }`: a bundler can then leave out what is not used, such as zod's 60-odd locales.
import * as z from "zod";
import { describeIssues, formatPath } from "./zod-issues.js";

const fn = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === "function",
  "must be a function",
);

// Loose objects: a plugin may carry fields of a newer contract; only what the registry relies on is checked.
const modelShape = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  api: z.string().min(1).optional(),
  baseUrl: z.string().optional(),
  reasoning: z.boolean().optional(),
  input: z.array(z.enum(["text", "image"])).optional(),
  contextWindow: z.number().positive().optional(),
  maxTokens: z.number().positive().optional(),
  cost: z.looseObject({}).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  compat: z.looseObject({}).optional(),
});

const oauthShape = z.looseObject({ name: z.string().min(1), login: fn, refresh: fn, apiKey: fn });

const providerShape = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, "must be a provider id (letters, digits, '.', '_', '-')"),
  name: z.string().min(1),
  api: z.string().min(1),
  baseUrl: z.string(),
  env: z.array(z.string().min(1)),
  models: z.array(modelShape).optional(),
  defaultModel: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  compat: z.looseObject({}).optional(),
  oauth: oauthShape.optional(),
  resolveCredential: fn.optional(),
  prepare: fn.optional(),
});

const pluginShape = z.looseObject({
  name: z.string().min(1),
  apis: z.array(z.looseObject({ api: z.string().min(1), stream: fn })).optional(),
  providers: z.array(providerShape).optional(),
});

export type PluginCheck = { ok: true; plugin: ProviderPlugin } | { ok: false; reason: string };

/** Whether a module's default export is a ProviderPlugin, and if not, the first field at fault. */
export function checkPluginModule(module: unknown): PluginCheck {
  const exported = (module as { default?: unknown } | null)?.default;
  if (exported === undefined)
    return { ok: false, reason: "it has no default export (it must `export default` a ProviderPlugin)" };
  const result = pluginShape.safeParse(exported);
  if (result.success) return { ok: true, plugin: exported as ProviderPlugin };
  const [first] = describeIssues(result.error.issues, exported, pluginShape);
  const where = first && first.path.length > 0 ? `${formatPath(first.path)}: ` : "";
  return {
    ok: false,
    reason: `its default export is not a ProviderPlugin: ${where}${first?.message ?? "invalid"}`,
  };
}
