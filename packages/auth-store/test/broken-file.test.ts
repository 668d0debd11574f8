import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AuthFileError, AuthStore } from "@elyra/auth-store";
import { describe, expect, it } from "vitest";
import { leakedSecrets, oauthEntry, tempDir } from "./helpers.js";

const SECRET = "sk-ant-secret-do-not-print-1234";

/** A store opened while auth.json was fine, and then the file went bad (say, a hand edit). */
async function brokenStore(content: string) {
  const path = join(await tempDir(), "auth.json");
  const store = await AuthStore.open(path);
  await writeFile(path, content, { mode: 0o600 });
  return { path, store, bytes: await readFile(path) };
}

/** Opening, reading and writing through the public API must all fail the same way; returns the errors. */
async function everyCallFails({ path, store }: { path: string; store: AuthStore }): Promise<AuthFileError[]> {
  const opened = await AuthStore.open(path).catch((error: unknown) => error);
  const refresh = async () => oauthEntry();
  const results = await Promise.allSettled([
    store.get("anthropic"),
    store.list(),
    store.apiKey("anthropic"),
    store.set("openai", { type: "api_key", key: "sk-openai-new" }),
    store.remove("anthropic"),
    store.oauthAccess("anthropic", refresh),
  ]);
  const errors = [
    opened,
    ...results.map((result) => (result.status === "rejected" ? result.reason : result)),
  ];
  for (const error of errors) expect(AuthFileError.isInstance(error)).toBe(true);
  return errors as AuthFileError[];
}

describe("a corrupt auth.json", () => {
  it("names the line and column of a JSON syntax error, and never quotes the file", async () => {
    const content = `{\n  "anthropic": {\n    "type": "api_key",\n    "key": "${SECRET}" x\n  }\n}\n`;
    const broken = await brokenStore(content);
    const errors = await everyCallFails(broken);
    const [error] = errors;
    expect(error).toMatchObject({ path: broken.path, line: 4, column: 46 });
    expect(error!.message).toBe(
      `${broken.path}:4:46: not valid JSON (expected ',' or '}' after a property value). ` +
        "Fix the file at line 4, column 46, or delete it, then run `elyra login`.",
    );
    expect(
      leakedSecrets(
        errors.map((e) => e.message),
        [SECRET],
      ),
    ).toEqual([]);
    expect(await readFile(broken.path)).toEqual(broken.bytes);
  });

  it.each([
    ["a stray token", '{"a": 1,\n  oops}', 2, 3, "expected a double-quoted property name"],
    ["a truncated file", '{"anthropic": {"type": "oauth", "access": "ab', 1, 46, "unexpected end of file"],
    ["a raw line break in a string", '{"a": "x\ny"}', 1, 9, "unescaped control character"],
    ["a trailing comma", '{"a": [1, 2,]}', 1, 13, "expected a value"],
    ["text after the object", '{"a": {}}\n}', 2, 1, "unexpected text after the end"],
    ["a bare word", "oops", 1, 1, "expected a value"],
  ])("reports %s at its position", async (_name, content, line, column, reason) => {
    const broken = await brokenStore(content);
    const [error] = await everyCallFails(broken);
    expect(error).toMatchObject({ line, column });
    expect(error!.message).toContain(reason);
    expect(await readFile(broken.path)).toEqual(broken.bytes);
  });

  it("treats an empty file as an empty store", async () => {
    const { path } = await brokenStore("  \n");
    const store = await AuthStore.open(path);
    expect(await store.list()).toEqual([]);
    await store.set("openai", { type: "api_key", key: "OPENAI_API_KEY" });
    expect(await store.list()).toEqual(["openai"]);
  });
});

describe("an auth.json that does not match the schema", () => {
  it("names the provider and field, says what to do, and never overwrites the file", async () => {
    const content = JSON.stringify(
      { openai: { type: "api_key", key: "sk-openai-ok" }, anthropic: { type: "apikey", key: SECRET } },
      null,
      2,
    );
    const broken = await brokenStore(content);
    const errors = await everyCallFails(broken);
    expect(errors[0]).toMatchObject({ path: broken.path, provider: "anthropic", field: "type" });
    expect(errors[0]!.message).toBe(
      `auth.json: "anthropic".type must be "api_key" or "oauth" (in ${broken.path}). ` +
        'Fix or delete the "anthropic" entry; run `elyra login anthropic` to sign in again.',
    );
    expect(
      leakedSecrets(
        errors.map((e) => e.message),
        [SECRET],
      ),
    ).toEqual([]);
    expect(await readFile(broken.path)).toEqual(broken.bytes);
  });

  it.each([
    [
      "a missing field",
      { type: "oauth", access: SECRET, expires: 1 },
      'auth.json: "p".refresh is missing',
      "refresh",
    ],
    [
      "a wrongly typed field",
      { type: "oauth", access: SECRET, refresh: SECRET, expires: "tomorrow" },
      'auth.json: "p".expires must be a number (epoch milliseconds)',
      "expires",
    ],
    ["an empty key", { type: "api_key", key: "" }, 'auth.json: "p".key must not be empty', "key"],
    ["an entry that is not an object", SECRET, 'auth.json: "p" must be an object', undefined],
  ])("explains %s", async (_name, entry, message, field) => {
    const broken = await brokenStore(JSON.stringify({ p: entry }));
    const errors = await everyCallFails(broken);
    expect(errors[0]).toMatchObject({ provider: "p" });
    expect(errors[0]!.field).toBe(field);
    expect(errors[0]!.message).toContain(message);
    expect(
      leakedSecrets(
        errors.map((e) => e.message),
        [SECRET],
      ),
    ).toEqual([]);
    expect(await readFile(broken.path)).toEqual(broken.bytes);
  });

  it("rejects a top level that is not an object", async () => {
    const broken = await brokenStore(`["${SECRET}"]`);
    const errors = await everyCallFails(broken);
    expect(errors[0]!.message).toContain("must be a JSON object");
    expect(
      leakedSecrets(
        errors.map((e) => e.message),
        [SECRET],
      ),
    ).toEqual([]);
    expect(await readFile(broken.path)).toEqual(broken.bytes);
  });
});
