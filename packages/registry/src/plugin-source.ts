import type { Api, ProviderPlugin } from "@elyra/provider-kit";

/** A package that cannot be found or read, as opposed to one whose code fails; the message says what to fix. */
export class PackageError extends Error {}

export type PluginOrigin = "builtin" | "option" | "package";

/**
 * One plugin, loaded at most once. A source that `declares` what it serves stays unloaded until one of those
 * APIs or providers is used; one that does not is loaded as soon as the registry needs to know what exists.
 */
export class PluginSource {
  private plugin: ProviderPlugin | undefined;
  private loading: Promise<ProviderPlugin | undefined> | undefined;
  /** Why loading failed, once it has; safe to show. */
  failure: string | undefined;

  constructor(
    /** The package or plugin name, as the user would recognise it. */
    readonly name: string,
    readonly origin: PluginOrigin,
    private readonly importModule: () => Promise<unknown>,
    readonly declares?: { apis: readonly Api[]; providers: readonly string[] },
  ) {}

  static loaded(plugin: ProviderPlugin, origin: PluginOrigin): PluginSource {
    const source = new PluginSource(plugin.name, origin, async () => ({ default: plugin }));
    source.plugin = plugin;
    return source;
  }

  get current(): ProviderPlugin | undefined {
    return this.plugin;
  }

  /** The plugin, or undefined when it cannot be loaded (`failure` says why). Never throws. */
  load(): Promise<ProviderPlugin | undefined> {
    if (this.plugin) return Promise.resolve(this.plugin);
    this.loading ??= this.importAndCheck();
    return this.loading;
  }

  private async importAndCheck(): Promise<ProviderPlugin | undefined> {
    let module: unknown;
    try {
      module = await this.importModule();
    } catch (error) {
      this.failure =
        error instanceof PackageError ? error.message : `importing it failed: ${firstLine(error)}`;
      return undefined;
    }
    // The shape check uses zod, so it is imported only when a plugin module is to be checked.
    const { checkPluginModule } = await import("./plugin-shape.js");
    const checked = checkPluginModule(module);
    if (checked.ok) this.plugin = checked.plugin;
    else this.failure = checked.reason;
    return this.plugin;
  }

  servesApi(api: Api): boolean {
    return (
      (this.plugin?.apis ?? []).some((impl) => impl.api === api) ||
      (this.declares?.apis.includes(api) ?? false)
    );
  }

  definesProvider(id: string): boolean {
    return (
      (this.plugin?.providers ?? []).some((provider) => provider.id === id) ||
      (this.declares?.providers.includes(id) ?? false)
    );
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]?.trim() || "unknown error";
}
