import { afterEach, describe, expect, it, vi } from "vitest";
import { KeyResolutionError, resolveKey } from "../src/index.js";
import { rejectionOf } from "./scratch.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("environment variables", () => {
  it("resolves a variable from options.env", async () => {
    expect(await resolveKey("MY_ANTHROPIC_KEY", { env: { MY_ANTHROPIC_KEY: "sk-ant-from-env" } })).toBe(
      "sk-ant-from-env",
    );
  });

  it("resolves a variable from process.env when no env is given", async () => {
    vi.stubEnv("ELYRA_TEST_PROCESS_KEY", "sk-from-process-env");
    expect(await resolveKey("ELYRA_TEST_PROCESS_KEY")).toBe("sk-from-process-env");
  });

  it("reads only options.env when it is given, not process.env", async () => {
    vi.stubEnv("ELYRA_TEST_PROCESS_KEY", "sk-from-process-env");
    const error = await rejectionOf(resolveKey("ELYRA_TEST_PROCESS_KEY", { env: {} }));
    expect(KeyResolutionError.isInstance(error) && error.reason).toBe("unset-env");
  });

  it("resolves any variable name that is set, lowercase and mixed case included", async () => {
    const env = { openai_key: "sk-lower", OpenAI_Key: "sk-mixed", TOKEN: "sk-no-underscore" };
    expect(await resolveKey("openai_key", { env })).toBe("sk-lower");
    expect(await resolveKey("OpenAI_Key", { env })).toBe("sk-mixed");
    expect(await resolveKey("TOKEN", { env })).toBe("sk-no-underscore");
  });

  it("returns the value as it is, surrounding whitespace included", async () => {
    expect(await resolveKey("PADDED_KEY", { env: { PADDED_KEY: " sk-padded\n" } })).toBe(" sk-padded\n");
  });

  it("finds the variable when the spec has surrounding whitespace", async () => {
    expect(await resolveKey("  MY_KEY\n", { env: { MY_KEY: "sk-value" } })).toBe("sk-value");
  });

  it("names an unset upper-snake-case variable instead of sending the name as a key", async () => {
    const error = await rejectionOf(resolveKey("MY_ANTHROPIC_KEY", { env: {} }));
    expect(KeyResolutionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: "unset-env", kind: "env", variable: "MY_ANTHROPIC_KEY" });
    expect((error as Error).message).toContain(
      "names environment variable MY_ANTHROPIC_KEY, which is not set",
    );
  });

  it("treats an empty or whitespace-only variable as unset, and says it is empty", async () => {
    for (const value of ["", "  ", "\n"]) {
      const error = await rejectionOf(resolveKey("MY_ANTHROPIC_KEY", { env: { MY_ANTHROPIC_KEY: value } }));
      expect(error).toMatchObject({ reason: "unset-env", variable: "MY_ANTHROPIC_KEY" });
      expect((error as Error).message).toContain("MY_ANTHROPIC_KEY, which is empty");
    }
  });

  it("falls back to the literal when a name that is not upper snake case is unset or empty", async () => {
    expect(await resolveKey("ollama", { env: {} })).toBe("ollama");
    expect(await resolveKey("ollama", { env: { ollama: "" } })).toBe("ollama");
  });

  it("does not treat a spec that is not a variable name as one, even if the environment has it", async () => {
    const env = { "sk-ant-api03-abc": "not-this" };
    expect(await resolveKey("sk-ant-api03-abc", { env })).toBe("sk-ant-api03-abc");
  });
});

describe("literals", () => {
  const literals = [
    "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOp-AAAA",
    "sk-proj-Abc123_def456-GHI789",
    "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    "gsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    "hf_AbCdEfGhIjKlMnOpQrStUvWxYz",
    "xai-AbCdEfGhIjKlMnOp",
    "AKIAIOSFODNN7EXAMPLE",
    "EMPTY",
    "ollama",
    "dummy key with spaces",
    "0123456789abcdef0123456789abcdef",
  ];

  it.each(literals)("passes %s through as the key", async (literal) => {
    expect(await resolveKey(literal, { env: {} })).toBe(literal);
  });

  it("removes surrounding whitespace from a literal, as from a pasted key", async () => {
    expect(await resolveKey("  sk-ant-pasted\n", { env: {} })).toBe("sk-ant-pasted");
  });

  it("rejects an empty or whitespace-only spec", async () => {
    for (const spec of ["", " ", "\n\t "]) {
      const error = await rejectionOf(resolveKey(spec));
      expect(KeyResolutionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ reason: "empty-spec", kind: "literal" });
    }
  });

  it("rejects a spec that is not a string with a TypeError", async () => {
    const error = await rejectionOf(resolveKey(42 as unknown as string));
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe("KeyResolutionError", () => {
  it("is recognised by isInstance, by instanceof and by name", async () => {
    const error = await rejectionOf(resolveKey("UNSET_NAME", { env: {} }));
    expect(error).toBeInstanceOf(KeyResolutionError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("KeyResolutionError");
    expect(String(error)).toMatch(/^KeyResolutionError: Key names environment variable UNSET_NAME/);
  });

  it("is recognised by a copy of the package that did not create it", () => {
    // What another copy's isInstance sees: an object carrying the Symbol.for marker, not this class.
    const foreign = Object.create({ [Symbol.for("@elyra/key-resolver/KeyResolutionError")]: true });
    expect(KeyResolutionError.isInstance(foreign)).toBe(true);
    expect(KeyResolutionError.isInstance(new Error("plain"))).toBe(false);
    expect(KeyResolutionError.isInstance(null)).toBe(false);
    expect(KeyResolutionError.isInstance("KeyResolutionError")).toBe(false);
  });

  it("serialises its details and nothing else", async () => {
    const error = await rejectionOf(resolveKey("UNSET_NAME", { env: {} }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      reason: "unset-env",
      kind: "env",
      label: "UNSET_NAME",
      variable: "UNSET_NAME",
    });
  });
});
