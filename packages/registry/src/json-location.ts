import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";

/** A 1-based line and column (UTF-16 code units), as editors count them. */
export interface JsonPosition {
  line: number;
  column: number;
}

export type JsonPath = readonly (string | number)[];

/** A parsed JSON-with-comments file that can say where any value or key sits in the text. */
export interface JsoncDocument {
  value: unknown;
  /** Where `path` starts: its key when `at` is "key" and it has one, else its value. */
  locate(path: JsonPath, at?: "key" | "value"): JsonPosition;
}

export type JsoncParseResult =
  | { ok: true; document: JsoncDocument }
  | { ok: false; position: JsonPosition; reason: string };

// Comments and trailing commas are allowed so users can annotate and reorder entries freely.
const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/** Parses JSONC. The syntax error reports the first problem only: later ones are usually its echoes. */
export function parseJsonc(text: string): JsoncParseResult {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = lineStarts(source);
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, OPTIONS);
  const first = errors[0];
  if (first) {
    return {
      ok: false,
      position: toPosition(lines, first.offset),
      reason: describeSyntaxError(first, source),
    };
  }
  const locate = (path: JsonPath, at: "key" | "value" = "value") =>
    toPosition(lines, root ? offsetOf(root, path, at) : 0);
  return { ok: true, document: { value: root ? nodeValue(root) : {}, locate } };
}

function offsetOf(root: Node, path: JsonPath, at: "key" | "value"): number {
  // A missing value (a required field left out) is reported where its closest existing parent starts.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, [...path.slice(0, depth)]);
    if (!node) continue;
    const keyed = at === "key" && depth === path.length && node.parent?.type === "property";
    return keyed ? node.parent!.offset : node.offset;
  }
  return root.offset;
}

/**
 * The node's value, built by hand rather than with getNodeValue so a duplicated key keeps its last value (as
 * JSON.parse does) and a key named `__proto__` stays an ordinary key.
 */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        Object.defineProperty(out, String(key.value), {
          value: nodeValue(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function toPosition(starts: number[], offset: number): JsonPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

// In words, and never quoting the text: a models.json can hold a literal key.
const SYNTAX_REASONS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between entries",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "expected the end of the file after the top-level value",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: "a /* comment is not closed",
  UnexpectedEndOfString: "a string is not closed",
  UnexpectedEndOfNumber: "a number is not complete",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape character in a string",
  InvalidCharacter: "invalid character in a string (a line break or tab must be escaped)",
};

function describeSyntaxError(error: ParseError, text: string): string {
  const name = printParseErrorCode(error.error);
  if (name === "InvalidSymbol") return invalidSymbolReason(text, error.offset);
  return SYNTAX_REASONS[name] ?? "invalid JSON";
}

/** The parser only says "invalid symbol"; what came before tells whether a key or a value was due. */
function invalidSymbolReason(text: string, offset: number): string {
  const before = text.slice(0, offset).trimEnd().at(-1);
  if (before === "{" || before === ",") return "expected a property name in double quotes";
  if (before === ":" || before === "[") return "expected a value (strings take double quotes)";
  return "unexpected character";
}
