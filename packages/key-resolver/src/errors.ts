import type { KeyResolutionReason, KeySpecKind } from "./index.js";

// Symbol.for, not Symbol(): two copies of this package in one process must recognise each other's errors.
const marker = Symbol.for("@elyra/key-resolver/KeyResolutionError");

export interface KeyResolutionErrorDetails {
  reason: KeyResolutionReason;
  kind: KeySpecKind;
  /** Safe to print: see `describeKeySpec`. */
  label: string;
  /** The command, without its `!`. */
  command?: string;
  /** The environment variable's name. */
  variable?: string;
  exitCode?: number;
  signal?: NodeJS.Signals;
  timeoutMs?: number;
  cause?: unknown;
}

/**
 * Why a key spec could not be resolved. The message names the command or variable and, for a command, gives
 * its exit code and the first line of its stderr. It never holds the command's stdout or a literal key.
 */
export class KeyResolutionError extends Error {
  /** Works across copies of the package, where `instanceof` does not. */
  static isInstance(value: unknown): value is KeyResolutionError {
    return typeof value === "object" && value !== null && (value as { [marker]?: unknown })[marker] === true;
  }

  static {
    // On the prototype rather than as fields, so that printing an error shows only the details that apply.
    Object.defineProperty(KeyResolutionError.prototype, "name", {
      value: "KeyResolutionError",
      writable: true,
    });
    Object.defineProperty(KeyResolutionError.prototype, marker, { value: true });
  }

  declare readonly reason: KeyResolutionReason;
  declare readonly kind: KeySpecKind;
  declare readonly label: string;
  declare readonly command?: string;
  declare readonly variable?: string;
  declare readonly exitCode?: number;
  declare readonly signal?: NodeJS.Signals;
  declare readonly timeoutMs?: number;

  constructor(message: string, details: KeyResolutionErrorDetails) {
    const { cause, ...fields } = details;
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }
}
