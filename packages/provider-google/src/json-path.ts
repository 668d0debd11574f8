/** One step of a JSON path: an object member name or an array index. */
export type PathSegment = string | number;

const NAME_START = /[A-Za-z_\u0080-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_\u0080-\uffff]/;

/**
 * The segments of a singular RFC 9535 JSON path (`$.a.b[0]`, `$['a b']`), which is what Vertex's streamed
 * function-call arguments address. Wildcards, slices and filters select many nodes and cannot name the
 * one place a value goes, so they (and anything malformed) give undefined.
 */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (path.charCodeAt(0) !== 36 /* $ */) return undefined;
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const step = path[i] === "." ? dotName(path, i + 1) : path[i] === "[" ? bracket(path, i + 1) : undefined;
    if (!step) return undefined;
    segments.push(step.segment);
    i = step.end;
  }
  return segments;
}

interface Step {
  segment: PathSegment;
  end: number;
}

function dotName(path: string, start: number): Step | undefined {
  if (!NAME_START.test(path[start] ?? "")) return undefined;
  let end = start + 1;
  while (end < path.length && NAME_CHAR.test(path[end]!)) end++;
  return { segment: path.slice(start, end), end };
}

function bracket(path: string, start: number): Step | undefined {
  const quote = path[start];
  if (quote === "'" || quote === '"') return quoted(path, start + 1, quote);
  let end = start;
  while (end < path.length && path.charCodeAt(end) >= 48 && path.charCodeAt(end) <= 57) end++;
  // RFC 9535 indices have no leading zeros; negative ones count from the end and address nothing new.
  if (end === start || path[end] !== "]" || (path[start] === "0" && end > start + 1)) return undefined;
  return { segment: Number(path.slice(start, end)), end: end + 1 };
}

function quoted(path: string, start: number, quote: string): Step | undefined {
  let name = "";
  for (let i = start; i < path.length; i++) {
    const char = path[i]!;
    if (char === quote) return path[i + 1] === "]" ? { segment: name, end: i + 2 } : undefined;
    if (char !== "\\") {
      name += char;
      continue;
    }
    const escaped = escapeSequence(path, i + 1);
    if (!escaped) return undefined;
    name += escaped.text;
    i = escaped.last;
  }
  return undefined;
}

const ESCAPES: Record<string, string> = {
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  "/": "/",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

function escapeSequence(path: string, at: number): { text: string; last: number } | undefined {
  const char = path[at];
  if (char === undefined) return undefined;
  const simple = ESCAPES[char];
  if (simple !== undefined) return { text: simple, last: at };
  if (char !== "u") return undefined;
  const hex = path.slice(at + 1, at + 5);
  if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return undefined;
  return { text: String.fromCharCode(Number.parseInt(hex, 16)), last: at + 4 };
}
