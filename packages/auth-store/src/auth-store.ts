import { dirname, resolve } from "node:path";
import type { ResolveKeyOptions } from "@elyra/key-resolver";
import { type AuthEntries, readAuthFile } from "./auth-file.js";
import type { Credential, OAuthCredential, RefreshOAuth } from "./credential.js";
import { defaultAuthPath } from "./paths.js";
import { expiredWithoutRefresh, refreshFailed } from "./refresh-error.js";

export interface AuthStoreOptions {
  /** Passed to key-resolver when `apiKey()` resolves an `api_key` entry (env, cwd, timeout, signal). */
  resolveKey?: ResolveKeyOptions;
  /** How long a write or refresh waits for another process's lock before `LockTimeoutError`. Default 30 s. */
  lockTimeoutMs?: number;
  /** Age after which a lock is taken over even if its process seems alive. Default 5 min. */
  lockStaleMs?: number;
  /**
   * How long a refresh may take before it fails with `OAuthRefreshError` and the lock is released, so a
   * token endpoint that never answers cannot hold every other process's writes. Default 60 s.
   */
  refreshTimeoutMs?: number;
}

/** A token expiring within this window is refreshed before use, so that it cannot expire in flight. */
export const REFRESH_MARGIN_MS = 60_000;

const DEFAULT_REFRESH_TIMEOUT_MS = 60_000;

/** Runs `task` with a signal that aborts after `ms`; rejects then, whether or not the task listens. */
function withTimeout<T>(task: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  return Promise.race([task(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

/**
 * auth.json. Every call reads the file afresh (other processes may have logged in or refreshed), so a store
 * holds no state beyond its path. Readers take no lock; a write is a locked read-merge-write of one entry.
 */
export class AuthStore {
  /** Opens auth.json at `path` (default `defaultAuthPath()`) and validates it: a broken file fails early. */
  static async open(path: string = defaultAuthPath(), options: AuthStoreOptions = {}): Promise<AuthStore> {
    const store = new AuthStore(resolve(path), options);
    await readAuthFile(store.path);
    return store;
  }

  /** The lock file next to auth.json that every writer holds. */
  readonly lockPath: string;

  private constructor(
    /** Absolute path of auth.json. */
    readonly path: string,
    private readonly options: AuthStoreOptions,
  ) {
    this.lockPath = `${path}.lock`;
  }

  /** The stored credential, or undefined when there is none. */
  async get(provider: string): Promise<Credential | undefined> {
    return (await readAuthFile(this.path)).get(provider);
  }

  /** The providers that have an entry, in file order. */
  async list(): Promise<string[]> {
    return [...(await readAuthFile(this.path)).keys()];
  }

  /** Stores `credential` for `provider`, replacing its entry and leaving every other entry as it is. */
  async set(provider: string, credential: Credential): Promise<void> {
    const label = `credential for ${JSON.stringify(requireProvider(provider))}`;
    const { checkCredential } = await import("./schema.js");
    const checked = checkCredential(credential, label);
    if (!checked.ok) throw new TypeError(checked.problems.map((problem) => problem.message).join("; "));
    await this.update((entries) => {
      entries.set(provider, checked.value);
      return true;
    });
  }

  /** Deletes the entry for `provider`; returns whether there was one. */
  async remove(provider: string): Promise<boolean> {
    requireProvider(provider);
    if (!(await readAuthFile(this.path)).has(provider)) return false;
    let removed = false;
    await this.update((entries) => {
      removed = entries.delete(provider);
      return removed;
    });
    return removed;
  }

  /**
   * The key to send for `provider`, or undefined when it has no entry.
   * - `api_key`: the entry's key spec resolved through key-resolver (`!command`, environment variable,
   *   literal); rejects with its `KeyResolutionError`.
   * - `oauth`: the access token. With `refresh`, this is `oauthAccess(provider, refresh)`. Without it, a
   *   token that expires within `REFRESH_MARGIN_MS` rejects with `OAuthRefreshError` rather than being
   *   handed out stale.
   */
  async apiKey(provider: string, refresh?: RefreshOAuth): Promise<string | undefined> {
    const credential = await this.get(provider);
    if (credential === undefined) return undefined;
    if (credential.type === "api_key") {
      const { resolveKey } = await import("@elyra/key-resolver");
      return resolveKey(credential.key, this.options.resolveKey);
    }
    if (refresh) return this.oauthAccess(provider, refresh);
    if (isFresh(credential)) return credential.access;
    throw expiredWithoutRefresh(provider);
  }

  /** A fresh access token for `provider` (see `oauthCredential`), or undefined when it has no entry. */
  async oauthAccess(provider: string, refresh: RefreshOAuth): Promise<string | undefined> {
    return (await this.oauthCredential(provider, refresh))?.access;
  }

  /**
   * The OAuth credential of `provider` with an access token valid for at least `REFRESH_MARGIN_MS`,
   * refreshing it if needed, or undefined when it has no entry. However many processes ask at once, `refresh`
   * runs once: a fresh token is returned without locking; otherwise the lock is taken, the file re-read, and
   * a token another process refreshed meanwhile is used as is. Only when it is still stale is `refresh`
   * called and its result stored, merged over the old entry. If `refresh` fails, the entry stays as it was
   * and the call rejects with `OAuthRefreshError`.
   */
  async oauthCredential(provider: string, refresh: RefreshOAuth): Promise<OAuthCredential | undefined> {
    const stored = requireOAuth(provider, await this.get(provider));
    if (stored === undefined || isFresh(stored)) return stored;
    const { ensurePrivateDir, withFileLock } = await writing();
    await ensurePrivateDir(dirname(this.path));
    return withFileLock(this.lockPath, () => this.refreshLocked(provider, refresh), this.lockOptions());
  }

  private async refreshLocked(provider: string, refresh: RefreshOAuth): Promise<OAuthCredential | undefined> {
    const entries = await readAuthFile(this.path);
    const current = requireOAuth(provider, entries.get(provider));
    if (current === undefined || isFresh(current)) return current;
    let refreshed: OAuthCredential;
    try {
      refreshed = await withTimeout(
        (signal) => refresh(structuredClone(current), signal),
        this.options.refreshTimeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS,
      );
    } catch (error) {
      throw refreshFailed(provider, current, error);
    }
    const { checkOAuthCredential } = await import("./schema.js");
    const checked = checkOAuthCredential({ ...current, ...refreshed }, "the refreshed credential");
    if (!checked.ok) {
      const problems = checked.problems.map((problem) => problem.message).join("; ");
      throw refreshFailed(provider, current, new Error(problems));
    }
    entries.set(provider, checked.value);
    await this.write(entries);
    return checked.value;
  }

  /** Applies `change` to the current entries under the lock; writes only if it returns true. */
  private async update(change: (entries: AuthEntries) => boolean): Promise<void> {
    const { ensurePrivateDir, withFileLock } = await writing();
    await ensurePrivateDir(dirname(this.path));
    await withFileLock(
      this.lockPath,
      async () => {
        // Re-read under the lock: what another process wrote since our last read must survive this write.
        const entries = await readAuthFile(this.path);
        if (change(entries)) await this.write(entries);
      },
      this.lockOptions(),
    );
  }

  /** Call only while holding the lock. */
  private async write(entries: AuthEntries): Promise<void> {
    const { removeStaleTempFiles, writeAuthFile } = await writing();
    await removeStaleTempFiles(this.path);
    await writeAuthFile(this.path, entries);
  }

  private lockOptions() {
    return { timeoutMs: this.options.lockTimeoutMs, staleMs: this.options.lockStaleMs };
  }
}

/** Atomic writes and the lock, imported on the first write or refresh: reading auth.json needs neither. */
function writing() {
  return import("./writing.js");
}

function isFresh(credential: OAuthCredential): boolean {
  return credential.expires - Date.now() > REFRESH_MARGIN_MS;
}

function requireProvider(provider: string): string {
  if (typeof provider === "string" && provider !== "") return provider;
  throw new TypeError("provider must be a non-empty string");
}

function requireOAuth(provider: string, credential: Credential | undefined): OAuthCredential | undefined {
  if (credential === undefined || credential.type === "oauth") return credential;
  throw new TypeError(`the auth.json entry for ${JSON.stringify(provider)} is an api_key, not an oauth one`);
}
