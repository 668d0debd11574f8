import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { clearKeyCache, describeKeySpec, KeyResolutionError, resolveKey } from "../src/index.js";
import { scanOutputFor } from "./output-scan.js";
import { rejectionOf } from "./scratch.js";

// Random each run, so no fixed string anywhere can match it by accident. The commands read it from the
// environment: a message may quote the command, so the secret must never be part of a command's text.
const SECRET = `sk-test-SECRET-${randomBytes(16).toString("hex")}`;
const HALF = SECRET.slice(0, 28);
const env = { ...process.env, ELYRA_TEST_SECRET: SECRET };
const output = scanOutputFor([SECRET, HALF]);

beforeEach(() => {
  clearKeyCache();
});

/** Every way an app might show the error: what a user could end up seeing. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    e.message,
    String(e),
    JSON.stringify(e),
    e.stack ?? "",
    inspect(e, { depth: 10, showHidden: true }),
  ];
}

function expectNoSecretIn(error: unknown, secrets: string[] = [SECRET, HALF]): void {
  expect(KeyResolutionError.isInstance(error)).toBe(true);
  for (const text of renderings(error)) {
    output.seen(text);
    // A boolean, so that a failure does not print the secret it found.
    expect(
      secrets.some((secret) => text.includes(secret)),
      "an error rendering contains the test secret",
    ).toBe(false);
  }
}

const leakyCommands: Array<[string, string, number?]> = [
  ["a non-zero exit", `printf '%s\\n' "$ELYRA_TEST_SECRET"; exit 1`],
  ["exit 127", `printf '%s' "$ELYRA_TEST_SECRET"; exit 127`],
  ["a signal", `printf '%s\\n' "$ELYRA_TEST_SECRET"; kill -KILL $$`],
  ["a timeout", `printf '%s\\n' "$ELYRA_TEST_SECRET"; sleep 5`, 300],
  ["output over the cap", `printf '%s\\n' "$ELYRA_TEST_SECRET"; yes "$ELYRA_TEST_SECRET"`],
  ["a partial secret", `printf '%s' "$(printf '%s' "$ELYRA_TEST_SECRET" | cut -c1-28)"; exit 2`],
  [
    "stderr that repeats stdout",
    `printf '%s\\n' "$ELYRA_TEST_SECRET"; echo "bad key $ELYRA_TEST_SECRET" >&2; exit 1`,
  ],
  [
    "stderr that repeats stdout in colour",
    `printf '%s' "$ELYRA_TEST_SECRET"; printf 'k=\\033[1m%s\\033[0m\\n' "$ELYRA_TEST_SECRET" >&2; exit 1`,
  ],
];

describe.skipIf(process.platform === "win32")("secrets never reach an error", () => {
  it.each(leakyCommands)("keeps stdout out of the error after %s", async (_, command, timeoutMs) => {
    const error = await rejectionOf(resolveKey(`!${command}`, { env, timeoutMs: timeoutMs ?? 5000 }));
    expectNoSecretIn(error);
  });

  it("still shows the rest of a stderr line that repeated stdout", async () => {
    const complaint = `echo "bad key $ELYRA_TEST_SECRET, try again" >&2`;
    const command = `printf '%s\\n' "$ELYRA_TEST_SECRET"; ${complaint}; exit 1`;
    const error = await rejectionOf(resolveKey(`!${command}`, { env }));
    expect((error as Error).message).toMatch(/exited with code 1: bad key \[redacted\], try again$/);
  });

  it("keeps stdout out of an aborted command's error", async () => {
    const controller = new AbortController();
    const pending = rejectionOf(
      resolveKey(`!printf '%s\\n' "$ELYRA_TEST_SECRET"; sleep 5`, { env, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 200);
    expectNoSecretIn(await pending);
  });

  it("keeps environment values out of a failed start", async () => {
    // A NUL byte makes spawn throw, and Node's message for that quotes the offending value.
    const badEnv = { ...env, ELYRA_TEST_BAD: `${SECRET}\0` };
    const error = await rejectionOf(resolveKey("!echo never", { env: badEnv }));
    expect(error).toMatchObject({ reason: "spawn-failed" });
    expectNoSecretIn(error);
  });

  it("keeps environment values out of an unset-variable error", async () => {
    const error = await rejectionOf(
      resolveKey("MY_ANTHROPIC_KEY", { env: { OTHER_KEY: SECRET, MY_ANTHROPIC_KEY: "" } }),
    );
    expectNoSecretIn(error);
  });

  it("resolves the secret itself when the command succeeds", async () => {
    const key = await resolveKey(`!printf '%s\\n' "$ELYRA_TEST_SECRET"`, { env });
    expect(key === SECRET, "the command's stdout is the key").toBe(true);
  });

  it("masks a literal secret in its label", () => {
    const { label } = describeKeySpec(SECRET);
    output.seen(label);
    expect(label).toBe(`sk-t…(${SECRET.length} chars)`);
  });
});
