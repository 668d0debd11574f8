import type { CredentialSource } from "./index.js";

// Symbol.for, not Symbol(): two copies of this package in one process must recognise each other's errors.
const marker = Symbol.for("@elyra/registry/RegistryError");

export interface RegistryErrorDetails {
  /** The provider concerned. */
  provider?: string;
  /** The credential source at fault. */
  source?: CredentialSource;
  cause?: unknown;
}

/**
 * An unknown provider, or a credential that cannot be had. The message says which source failed (the auth.json
 * entry, the models.json field, the flag) and what to do; it never holds a key.
 */
export class RegistryError extends Error {
  /** Works across copies of the package, where `instanceof` does not. */
  static isInstance(value: unknown): value is RegistryError {
    return typeof value === "object" && value !== null && (value as { [marker]?: unknown })[marker] === true;
  }

  static {
    Object.defineProperty(RegistryError.prototype, "name", { value: "RegistryError", writable: true });
    Object.defineProperty(RegistryError.prototype, marker, { value: true });
  }

  declare readonly provider?: string;
  declare readonly source?: CredentialSource;

  constructor(message: string, details: RegistryErrorDetails = {}) {
    const { cause, ...fields } = details;
    super(message, cause === undefined ? undefined : { cause });
    for (const [name, value] of Object.entries(fields))
      if (value !== undefined) Object.assign(this, { [name]: value });
  }
}
