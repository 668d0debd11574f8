import { type PathSegment, parseJsonPath } from "./json-path.js";

type Container = Record<string, unknown> | unknown[];

/** An object or array opened in the JSON text and not yet closed. */
interface Frame {
  /** Its member name or index in the parent; undefined for the arguments object itself. */
  key: PathSegment | undefined;
  array: boolean;
  count: number;
  /** Member names written so far, to notice a fragment that goes back to one. */
  names: Set<string> | undefined;
}

/**
 * The arguments of one function call that Vertex streams as `partialArgs` fragments, `{jsonPath,
 * stringValue | numberValue | boolValue | nullValue, willContinue}`, where a string with `willContinue`
 * goes on in the next fragment for the same path. The arguments are rebuilt as an object, which is what the
 * call ends with. For the UI they are also written out as JSON text while fragments arrive in document
 * order, as a model writes them; a fragment that goes back to an earlier place stops the text, never the
 * arguments.
 */
export class StreamedArguments {
  readonly args: Record<string, unknown>;
  private readonly frames: Frame[] = [];
  private inOrder: boolean;
  /** The path of a string whose last fragment has not arrived, and the string so far. */
  private openPath: string | undefined;
  private openValue = "";

  constructor(initial: Record<string, unknown> | undefined) {
    this.args = initial ? { ...initial } : {};
    // Arguments sent whole before any fragment were never written as text, so the text cannot be trusted.
    this.inOrder = initial === undefined || Object.keys(initial).length === 0;
  }

  /** Apply one fragment and return the JSON text it adds (often ""). Malformed fragments are ignored. */
  apply(fragment: unknown): string {
    if (!isRecord(fragment) || typeof fragment.jsonPath !== "string") return "";
    const path = parseJsonPath(fragment.jsonPath);
    const value = fragmentValue(fragment);
    if (!path || path.length === 0 || value === undefined) return "";
    const isString = typeof value === "string";
    const appending = isString && this.openPath === fragment.jsonPath;
    const stored = appending ? this.openValue + value : value;
    if (!assign(this.args, path, stored)) return "";
    const text = this.inOrder ? this.write(path, value, appending, fragment.willContinue === true) : "";
    const continues = isString && fragment.willContinue === true;
    this.openPath = continues ? fragment.jsonPath : undefined;
    this.openValue = continues ? (stored as string) : "";
    return text;
  }

  /** The JSON text that closes what is open, once the call is complete. */
  close(): string {
    if (!this.inOrder || this.frames.length === 0) return "";
    let out = this.openPath === undefined ? "" : '"';
    while (this.frames.length > 0) out += this.frames.pop()!.array ? "]" : "}";
    return out;
  }

  private write(path: PathSegment[], value: unknown, appending: boolean, continues: boolean): string {
    if (appending) return stringBody(value as string) + (continues ? "" : '"');
    // A string whose last fragment never came is closed as it stands.
    let out = this.openPath === undefined ? "" : '"';
    if (this.frames.length === 0) {
      out += "{";
      this.frames.push({ key: undefined, array: false, count: 0, names: new Set() });
    }
    const moved = this.moveTo(path);
    if (moved === undefined) {
      this.inOrder = false;
      return out;
    }
    if (typeof value !== "string") return out + moved + JSON.stringify(value);
    return `${out}${moved}"${stringBody(value)}${continues ? "" : '"'}`;
  }

  /** Close and open containers so that the next text is the member at `path`; undefined if out of order. */
  private moveTo(path: PathSegment[]): string | undefined {
    const parentDepth = path.length - 1;
    // frames[d] (d ≥ 1) is the container at path[d - 1]; keep the ones this path shares.
    let depth = 1;
    while (
      depth < this.frames.length &&
      depth - 1 < parentDepth &&
      this.frames[depth]!.key === path[depth - 1]
    ) {
      depth++;
    }
    let out = "";
    while (this.frames.length > depth) out += this.frames.pop()!.array ? "]" : "}";
    for (let i = depth - 1; i < parentDepth; i++) {
      const member = this.member(path[i]!);
      if (member === undefined) return undefined;
      const array = typeof path[i + 1] === "number";
      out += member + (array ? "[" : "{");
      this.frames.push({ key: path[i], array, count: 0, names: array ? undefined : new Set() });
    }
    const leaf = this.member(path[parentDepth]!);
    return leaf === undefined ? undefined : out + leaf;
  }

  /** The separator and name that start a member of the innermost open container. */
  private member(segment: PathSegment): string | undefined {
    const frame = this.frames[this.frames.length - 1]!;
    const separator = frame.count > 0 ? "," : "";
    if (frame.array) {
      if (segment !== frame.count) return undefined;
      frame.count++;
      return separator;
    }
    if (typeof segment !== "string" || frame.names!.has(segment)) return undefined;
    frame.names!.add(segment);
    frame.count++;
    return `${separator}${JSON.stringify(segment)}:`;
  }
}

function fragmentValue(fragment: Record<string, unknown>): unknown {
  if (typeof fragment.stringValue === "string") return fragment.stringValue;
  if (typeof fragment.numberValue === "number" && Number.isFinite(fragment.numberValue))
    return fragment.numberValue;
  if (typeof fragment.boolValue === "boolean") return fragment.boolValue;
  if ("nullValue" in fragment) return null;
  return undefined;
}

/** Set the value at `path`, creating containers on the way. False, and nothing changed, if it cannot exist. */
function assign(root: Record<string, unknown>, path: PathSegment[], value: unknown): boolean {
  if (!reachable(root, path)) return false;
  let node: Container = root;
  for (let i = 0; i < path.length - 1; i++) {
    const wantArray = typeof path[i + 1] === "number";
    let child = read(node, path[i]!);
    if (!(wantArray ? Array.isArray(child) : isRecord(child))) {
      child = wantArray ? [] : {};
      store(node, path[i]!, child);
    }
    node = child as Container;
  }
  store(node, path[path.length - 1]!, value);
  return true;
}

/** Whether every step of `path` can be stored, walking (never creating) what already exists. */
function reachable(root: Record<string, unknown>, path: PathSegment[]): boolean {
  let node: Container = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    // Appending or replacing only: an index far past the end would make a huge sparse array.
    if (Array.isArray(node) ? typeof key !== "number" || key > node.length : typeof key !== "string")
      return false;
    const wantArray = typeof path[i + 1] === "number";
    const child = read(node, key);
    node = (wantArray ? Array.isArray(child) : isRecord(child)) ? (child as Container) : wantArray ? [] : {};
  }
  return true;
}

function read(node: Container, key: PathSegment): unknown {
  if (Array.isArray(node)) return typeof key === "number" ? node[key] : undefined;
  // Own members only: `$.__proto__.x` must not reach Object.prototype.
  return typeof key === "string" && Object.hasOwn(node, key) ? node[key] : undefined;
}

function store(node: Container, key: PathSegment, value: unknown): void {
  if (Array.isArray(node)) {
    node[key as number] = value;
  } else if (key === "__proto__") {
    Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    node[key as string] = value;
  }
}

function stringBody(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
