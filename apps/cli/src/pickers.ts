import * as p from "@clack/prompts";
import type { Model } from "@elyra/provider-kit";
import type { ProviderStatus, Registry } from "@elyra/registry";
import { authStore, storeApiKey } from "./accounts.js";

/** A picked value, or undefined when the user cancelled (Esc / Ctrl-C). */
async function pick<T>(value: Promise<T>): Promise<Exclude<T, symbol> | undefined> {
  const result = await value;
  return p.isCancel(result) ? undefined : (result as Exclude<T, symbol>);
}

function credentialHint(status: ProviderStatus | undefined): string {
  if (!status) return "";
  if (status.hasCredential) return `✓ ${status.detail ?? status.source}`;
  return status.required ? "no credential" : "no key needed";
}

/** The /login flow: subscription or API key, then a searchable provider list; the key is typed hidden. */
export async function loginFlow(registry: Registry, preset?: string): Promise<string | undefined> {
  const providers = await registry.providers();
  const status = new Map((await registry.status()).map((s) => [s.provider, s]));
  const method = preset
    ? "api_key"
    : await pick(
        p.select({
          message: "Log in with",
          options: [
            { value: "subscription", label: "A subscription (OAuth)" },
            { value: "api_key", label: "An API key" },
          ],
        }),
      );
  if (!method) return undefined;
  if (method === "subscription") return subscriptionLogin(registry);
  const provider =
    preset ??
    (await pick(
      p.autocomplete({
        message: "Provider (type to search)",
        options: providers.map((info) => ({
          value: info.id,
          label: `${info.id} — ${info.name}`,
          hint: credentialHint(status.get(info.id)),
        })),
        maxItems: 10,
      }),
    ));
  if (!provider) return undefined;
  const key = await pick(
    p.password({
      message: `API key for ${provider} (a key, an ENV_NAME or "!command")`,
      validate: (v) => (v?.trim() ? undefined : "The key is empty"),
    }),
  );
  if (!key) return undefined;
  const path = await storeApiKey(registry, provider, key);
  p.log.success(`Stored an API key for ${provider} in ${path}`);
  return provider;
}

async function subscriptionLogin(registry: Registry): Promise<string | undefined> {
  const withOauth = [];
  for (const info of await registry.providers()) {
    const definition = await registry.provider(info.id);
    if (definition?.oauth) withOauth.push({ info, oauth: definition.oauth });
  }
  if (withOauth.length === 0) {
    p.log.info('No subscription logins are installed yet. Choose "An API key" instead.');
    return undefined;
  }
  const chosen = await pick(
    p.autocomplete({
      message: "Subscription",
      options: withOauth.map(({ info, oauth }) => ({ value: info.id, label: oauth.name, hint: info.id })),
    }),
  );
  if (!chosen) return undefined;
  const { oauth } = withOauth.find(({ info }) => info.id === chosen)!;
  const credential = await oauth.login({
    onAuth: ({ url, userCode }) =>
      p.log.info(`Open ${url}${userCode ? ` and enter the code ${userCode}` : ""}`),
    onPrompt: async ({ message }) => (await pick(p.text({ message }))) ?? "",
    onProgress: (message) => p.log.step(message),
  });
  await (await authStore(registry)).set(chosen, credential);
  p.log.success(`Logged in to ${chosen}`);
  return chosen;
}

/** The /logout picker over providers with a stored credential. */
export async function pickStoredProvider(registry: Registry): Promise<string | undefined> {
  const stored = await (await authStore(registry)).list();
  if (stored.length === 0) {
    p.log.info("No credential is stored in auth.json.");
    return undefined;
  }
  return pick(p.select({ message: "Log out of", options: stored.map((id) => ({ value: id, label: id })) }));
}

/** The /model picker: models of providers with a credential, searchable. */
export async function pickModel(registry: Registry, current?: Model): Promise<Model | undefined> {
  await registry.reload();
  const usable = new Set((await registry.status()).filter((s) => s.ready).map((s) => s.provider));
  const models = (await registry.models()).filter((m) => usable.has(m.provider));
  if (models.length === 0) {
    p.log.info("No provider has a credential yet: /login first.");
    return undefined;
  }
  const key = (m: Model) => `${m.provider}/${m.id}`;
  const chosen = await pick(
    p.autocomplete({
      message: "Model (type to search)",
      options: models.map((m) => ({
        value: key(m),
        label: key(m),
        hint: m.name === m.id ? undefined : m.name,
      })),
      initialValue: current ? key(current) : undefined,
      maxItems: 10,
    }),
  );
  return chosen ? models.find((m) => key(m) === chosen) : undefined;
}
