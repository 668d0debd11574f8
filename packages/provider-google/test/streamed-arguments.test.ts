import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonPath } from "../src/json-path.js";
import { StreamedArguments } from "../src/streamed-arguments.js";

describe("parseJsonPath", () => {
  it("reads member names, quoted names and indices", () => {
    expect(parseJsonPath("$")).toEqual([]);
    expect(parseJsonPath("$.location")).toEqual(["location"]);
    expect(parseJsonPath("$.a.b_2[0].c")).toEqual(["a", "b_2", 0, "c"]);
    expect(parseJsonPath("$['x y'][\"q\\\"uote\"]['\\u00e9']")).toEqual(["x y", 'q"uote', "é"]);
    expect(parseJsonPath("$.ünïcode")).toEqual(["ünïcode"]);
  });

  it("refuses what does not name exactly one place", () => {
    for (const path of [
      "",
      "location",
      "$.",
      "$..a",
      "$.*",
      "$[*]",
      "$[-1]",
      "$[01]",
      "$[0:2]",
      "$['open",
      "$.1a",
      "$[?@.a]",
    ]) {
      expect(parseJsonPath(path), path).toBeUndefined();
    }
  });
});

type Fragment = {
  jsonPath: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: string;
  willContinue?: boolean;
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function pathOf(segments: (string | number)[]): string {
  return `$${segments
    .map((s) => (typeof s === "number" ? `[${s}]` : IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
    .join("")}`;
}

/** The fragments a model would stream for `value`, in document order, strings split at `cuts`. */
function fragmentsOf(value: unknown, cuts: number[], at: (string | number)[] = []): Fragment[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => fragmentsOf(item, cuts, [...at, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => fragmentsOf(item, cuts, [...at, key]));
  }
  const jsonPath = pathOf(at);
  if (typeof value === "number") return [{ jsonPath, numberValue: value }];
  if (typeof value === "boolean") return [{ jsonPath, boolValue: value }];
  if (value === null) return [{ jsonPath, nullValue: "NULL_VALUE" }];
  const text = value as string;
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces.map((stringValue, i) => ({ jsonPath, stringValue, willContinue: i < pieces.length - 1 }));
}

/** Objects as the model would send them: no empty containers (fragments cannot say "empty"). */
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
);
const key = fc.oneof(
  fc.constantFrom("path", "content", "__proto__", "constructor", "a b", 'q"'),
  fc.string({ minLength: 1 }),
);
const { value: argsValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("object"), tie("array")),
  array: fc.array(tie("value"), { minLength: 1, maxLength: 3 }),
  object: fc
    .uniqueArray(fc.tuple(key, tie("value")), { minLength: 1, maxLength: 4, selector: ([k]) => k })
    .map((entries) => {
      const object: Record<string, unknown> = {};
      for (const [k, v] of entries)
        Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
      return object;
    }),
}));
const argsObject = fc
  .uniqueArray(fc.tuple(key, argsValue), { minLength: 1, maxLength: 5, selector: ([k]) => k })
  .map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [k, v] of entries)
      Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
    return object;
  });

describe("StreamedArguments", () => {
  it("rebuilds the arguments, and writes them as JSON text, from in-order fragments", () => {
    fc.assert(
      fc.property(argsObject, fc.array(fc.nat(), { maxLength: 4 }), (args, cuts) => {
        const streamed = new StreamedArguments(undefined);
        let text = "";
        for (const fragment of fragmentsOf(args, cuts)) text += streamed.apply(fragment);
        text += streamed.close();
        expect(streamed.args).toEqual(args);
        expect(JSON.parse(text)).toEqual(args);
        expect(text).toBe(JSON.stringify(args));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the arguments right when fragments go back to an earlier place, and stops the text", () => {
    const streamed = new StreamedArguments(undefined);
    let text = "";
    for (const fragment of [
      { jsonPath: "$.a.x", numberValue: 1 },
      { jsonPath: "$.b", stringValue: "two" },
      { jsonPath: "$.a.y", boolValue: true },
    ]) {
      text += streamed.apply(fragment);
    }
    text += streamed.close();
    expect(streamed.args).toEqual({ a: { x: 1, y: true }, b: "two" });
    expect('{"a":{"x":1},"b":"two"}'.startsWith(text)).toBe(true);
  });

  it("starts from arguments sent whole, without text", () => {
    const streamed = new StreamedArguments({ mode: "fast" });
    expect(streamed.apply({ jsonPath: "$.path", stringValue: "a.txt" })).toBe("");
    expect(streamed.close()).toBe("");
    expect(streamed.args).toEqual({ mode: "fast", path: "a.txt" });
  });

  it("ignores malformed fragments and cannot reach Object.prototype", () => {
    const streamed = new StreamedArguments(undefined);
    for (const fragment of [
      null,
      "x",
      { jsonPath: 1, stringValue: "a" },
      { jsonPath: "$..a", stringValue: "a" },
      { jsonPath: "$.a" },
      { jsonPath: "$.list[5]", numberValue: 1 },
      { jsonPath: "$[0]", numberValue: 1 },
      { jsonPath: "$.n", numberValue: Number.POSITIVE_INFINITY },
      { jsonPath: "$.__proto__.polluted", stringValue: "yes" },
    ]) {
      streamed.apply(fragment);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(streamed.args)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(streamed.args)).toBe(Object.prototype);
    expect(JSON.stringify(streamed.args)).toBe('{"__proto__":{"polluted":"yes"}}');
  });
});
