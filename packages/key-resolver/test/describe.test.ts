import { describe, expect, it } from "vitest";
import { describeKeySpec, KeyResolutionError, resolveKey } from "../src/index.js";
import { rejectionOf } from "./scratch.js";

describe("describeKeySpec", () => {
  it("labels a command with the command as written", () => {
    expect(describeKeySpec("!op read op://dev/anthropic/key")).toEqual({
      kind: "command",
      label: "!op read op://dev/anthropic/key",
    });
    expect(describeKeySpec("  !pass show anthropic \n")).toEqual({
      kind: "command",
      label: "!pass show anthropic",
    });
  });

  it("labels an upper-snake-case name as env, with the name, whether or not it is set", () => {
    expect(describeKeySpec("MY_ANTHROPIC_KEY")).toEqual({ kind: "env", label: "MY_ANTHROPIC_KEY" });
    expect(describeKeySpec("AZURE_OPENAI_API_KEY_2")).toEqual({
      kind: "env",
      label: "AZURE_OPENAI_API_KEY_2",
    });
  });

  it("masks a literal as its first 4 characters and its length", () => {
    const key = "sk-ant-api03-0123456789abcdefghijklmnopqr";
    expect(key).toHaveLength(41);
    expect(describeKeySpec(key)).toEqual({ kind: "literal", label: "sk-a…(41 chars)" });
  });

  it("shows no prefix at all for a literal shorter than 20 characters", () => {
    expect(describeKeySpec("secret")).toEqual({ kind: "literal", label: "…(6 chars)" });
    expect(describeKeySpec("a")).toEqual({ kind: "literal", label: "…(1 char)" });
    expect(describeKeySpec("x".repeat(19)).label).toBe("…(19 chars)");
    expect(describeKeySpec("x".repeat(20)).label).toBe("xxxx…(20 chars)");
  });

  it("counts characters, not UTF-16 units, and never splits one", () => {
    expect(describeKeySpec(`🔑🔑${"k".repeat(20)}`).label).toBe("🔑🔑kk…(22 chars)");
  });

  it("treats names real keys use as literals: AWS access keys, vLLM's EMPTY, lowercase words", () => {
    for (const spec of [
      "AKIAIOSFODNN7EXAMPLE",
      "EMPTY",
      "ollama",
      "gsk_abcdefghijklmnopqrstu",
      "sk-ant-api03-x",
    ]) {
      expect(describeKeySpec(spec).kind).toBe("literal");
    }
  });

  it("never shows more than 4 characters of a literal", () => {
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
    for (let length = 1; length <= 120; length += 1) {
      const literal = Array.from({ length }, (_, i) => alphabet[(i * 7 + length) % alphabet.length]).join("");
      const { kind, label } = describeKeySpec(`sk${literal}`);
      expect(kind).toBe("literal");
      const shown = label.slice(0, label.indexOf("…"));
      expect(shown.length).toBeLessThanOrEqual(4);
      expect(label.endsWith(`(${length + 2} chars)`)).toBe(true);
    }
  });

  it("labels empty specs without throwing", () => {
    expect(describeKeySpec("")).toEqual({ kind: "literal", label: "…(0 chars)" });
    expect(describeKeySpec("!")).toEqual({ kind: "command", label: "!" });
  });

  it("agrees with resolveKey: a spec is env exactly when resolveKey refuses it as unset", async () => {
    const specs = [
      "MY_KEY",
      "A_",
      "AB_12",
      "_UNDERSCORE_FIRST",
      "MY_key",
      "MYKEY",
      "my_key",
      "M Y_KEY",
      "1_KEY",
    ];
    for (const spec of specs) {
      const error = await rejectionOf(resolveKey(spec, { env: {} })).catch(() => undefined);
      const refused = KeyResolutionError.isInstance(error) && error.reason === "unset-env";
      expect({ spec, refused }).toEqual({ spec, refused: describeKeySpec(spec).kind === "env" });
    }
  });
});
