/**
 * Finds where a JSON text stops being valid, for error messages. JSON.parse does the parsing; this runs only
 * after it failed, because V8's messages give no position for some errors and quote the text around others,
 * and that text could be a key.
 */

export interface JsonSyntaxProblem {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** What was expected, in words; never quotes the text. */
  reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem {
  const stop = scan(text);
  const before = text.slice(0, stop.offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return {
    line: before.split("\n").length,
    column: stop.offset - lineStart + 1,
    reason: stop.reason,
  };
}

function scan(text: string): Stop {
  let at = 0;
  const fail = (reason: string): never => {
    throw new Stop(at, at >= text.length ? "unexpected end of file" : reason);
  };
  const skipSpace = () => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };
  const expect = (char: string, reason: string) => {
    if (text[at] !== char) fail(reason);
    at++;
  };

  const string = () => {
    at++;
    while (text[at] !== '"') {
      if (at >= text.length) fail("unexpected end of file");
      const code = text.charCodeAt(at);
      if (code < 0x20) fail("unescaped control character (such as a line break) in a string");
      if (text[at] === "\\") {
        at++;
        if (text[at] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail("invalid \\u escape");
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? "")) fail("invalid escape in a string");
      }
      at++;
    }
    at++;
  };

  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail("invalid number");
    at += match![0].length;
  };

  // `{` or `[`, then members separated by commas, then the closing bracket.
  const members = (close: string, member: () => void, separatorReason: string) => {
    at++;
    skipSpace();
    if (text[at] !== close) {
      for (;;) {
        member();
        skipSpace();
        if (text[at] === close) break;
        expect(",", separatorReason);
      }
    }
    at++;
  };

  const property = () => {
    skipSpace();
    if (text[at] !== '"') fail("expected a double-quoted property name");
    string();
    skipSpace();
    expect(":", "expected ':' after a property name");
    value();
  };

  const object = () => members("}", property, "expected ',' or '}' after a property value");
  const array = () => members("]", value, "expected ',' or ']' after an array element");

  const value = () => {
    skipSpace();
    const char = text[at] ?? "";
    if (char === "{") return object();
    if (char === "[") return array();
    if (char === '"') return string();
    if (char === "-" || (char >= "0" && char <= "9")) return number();
    const literal = ["true", "false", "null"].find((word) => text.startsWith(word, at));
    if (literal === undefined) fail("expected a value");
    at += literal!.length;
  };

  try {
    if (text.startsWith("\uFEFF")) at = 1;
    value();
    skipSpace();
    if (at < text.length) fail("unexpected text after the end of the JSON value");
  } catch (error) {
    if (error instanceof Stop) return error;
    // Nesting deep enough to overflow the stack: the position is unknown, but the file is still invalid.
    if (error instanceof RangeError) return new Stop(0, "nested too deeply");
    throw error;
  }
  // JSON.parse rejected a text this scanner accepts (it should not happen): point at the start, at least.
  return new Stop(0, "not valid JSON");
}
