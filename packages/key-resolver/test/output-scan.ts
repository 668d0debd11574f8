import { format } from "node:util";
import { afterAll, beforeAll, expect, vi } from "vitest";

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Watches everything the test file prints (console and process.stdout/stderr) and fails the file if any of
 * `secrets` shows up. Output still reaches the terminal, with the secrets blanked out. `seen` also takes
 * texts the tests collect themselves, such as every rendering of an error.
 */
export function scanOutputFor(secrets: readonly string[]): { seen(text: string): void } {
  const texts: string[] = [];
  const blank = (text: string) =>
    secrets.reduce((out, secret) => out.replaceAll(secret, "[test secret]"), text);

  beforeAll(() => {
    for (const method of CONSOLE_METHODS) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        const text = format(...args);
        texts.push(text);
        original(blank(text));
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
      vi.spyOn(stream, "write").mockImplementation((chunk: unknown, ...rest: unknown[]) => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
        texts.push(text);
        return original(blank(text), ...rest);
      });
    }
  });

  afterAll(() => {
    vi.restoreAllMocks();
    const leaks = texts.filter((text) => secrets.some((secret) => text.includes(secret))).length;
    // The count, never the text: printing the leak would be the leak.
    expect(leaks, "texts that contain a test secret").toBe(0);
  });

  return { seen: (text) => texts.push(text) };
}
