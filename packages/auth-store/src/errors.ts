/**
 * The errors this package throws on purpose. Every message says which file, entry or lock is at fault and
 * what to do next, and none holds a key or token: messages are built from names and positions, never from
 * stored values.
 */

// Symbol.for, not Symbol(): two copies of this package in one process must recognise each other's errors.
const marker = Symbol.for("@elyra/auth-store/error");

function brand(target: { prototype: object }, name: string): void {
  // On the prototype rather than as fields, so that printing an error shows only its details.
  Object.defineProperty(target.prototype, "name", { value: name, writable: true });
  Object.defineProperty(target.prototype, marker, { value: name });
}

function isBranded(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && (value as { [marker]?: unknown })[marker] === name;
}

export interface AuthFileErrorDetails {
  path: string;
  /** 1-based position of a JSON syntax error. */
  line?: number;
  column?: number;
  /** The entry at fault, for an entry that does not match the schema. */
  provider?: string;
  /** The field at fault inside that entry, such as `type` or `expires`. */
  field?: string;
  cause?: unknown;
}

/** auth.json cannot be read or is not valid. The file is left as it is; nothing is written over it. */
export class AuthFileError extends Error {
  static isInstance(value: unknown): value is AuthFileError {
    return isBranded(value, "AuthFileError");
  }

  static {
    brand(AuthFileError, "AuthFileError");
  }

  declare readonly path: string;
  declare readonly line?: number;
  declare readonly column?: number;
  declare readonly provider?: string;
  declare readonly field?: string;

  constructor(message: string, details: AuthFileErrorDetails) {
    const { cause, ...fields } = details;
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, withoutUndefined(fields));
  }
}

export interface OAuthRefreshErrorDetails {
  provider: string;
  /** The token endpoint's HTTP status, when the refresh function reported one. */
  status?: number;
  /** The OAuth error code (`invalid_grant`, …) or a system error code (`ECONNREFUSED`, …). */
  code?: string;
  /** What the refresh function threw. Its message may be less careful than this one. */
  cause?: unknown;
}

/** An OAuth token could not be refreshed. The stored credential is unchanged. */
export class OAuthRefreshError extends Error {
  static isInstance(value: unknown): value is OAuthRefreshError {
    return isBranded(value, "OAuthRefreshError");
  }

  static {
    brand(OAuthRefreshError, "OAuthRefreshError");
  }

  declare readonly provider: string;
  declare readonly status?: number;
  declare readonly code?: string;

  constructor(message: string, details: OAuthRefreshErrorDetails) {
    const { cause, ...fields } = details;
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, withoutUndefined(fields));
  }
}

export interface LockTimeoutErrorDetails {
  lockPath: string;
  timeoutMs: number;
  /** The process that held the lock when we gave up, if the lock file said. */
  holderPid?: number;
}

/** The auth.json lock stayed taken for longer than the lock timeout. */
export class LockTimeoutError extends Error {
  static isInstance(value: unknown): value is LockTimeoutError {
    return isBranded(value, "LockTimeoutError");
  }

  static {
    brand(LockTimeoutError, "LockTimeoutError");
  }

  declare readonly lockPath: string;
  declare readonly timeoutMs: number;
  declare readonly holderPid?: number;

  constructor(message: string, details: LockTimeoutErrorDetails) {
    super(message);
    Object.assign(this, withoutUndefined({ ...details }));
  }
}

function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
