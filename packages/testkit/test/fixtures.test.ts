import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureAsSse, fixturesDir, listFixtures, loadFixture } from "../src/fixtures.js";

describe("fixtures from the shared corpus", () => {
  it("finds ../shared/fixtures beside the repository root", () => {
    expect(fixturesDir()).toMatch(/[/\\]shared[/\\]fixtures$/);
    expect(listFixtures("anthropic-messages").length).toBeGreaterThan(0);
  });

  it("lists paths loadFixture accepts, sorted", () => {
    const files = listFixtures("openai-chat");
    expect(files).toEqual([...files].sort());
    expect(files.every((file) => file.startsWith("openai-chat/"))).toBe(true);
    expect(loadFixture(files[0]!).length).toBeGreaterThan(0);
  });
});

describe("fixtures from ELYRA_FIXTURES_DIR", () => {
  let dir: string;
  const saved = process.env.ELYRA_FIXTURES_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "elyra-fixtures-"));
    mkdirSync(join(dir, "api", "nested"), { recursive: true });
    writeFileSync(join(dir, "api", "b.sse"), "event: x\r\ndata: 1\r\n\r\n");
    writeFileSync(join(dir, "api", "a.chunks.jsonl"), '{"type":"start","n":1}\n\n{"type":"stop"}\n');
    writeFileSync(join(dir, "api", "untyped.chunks.jsonl"), '{"choices":[]}\n');
    writeFileSync(join(dir, "api", "c.json"), "{}");
    process.env.ELYRA_FIXTURES_DIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ELYRA_FIXTURES_DIR;
    else process.env.ELYRA_FIXTURES_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it("honours the override and lists files only", () => {
    expect(fixturesDir()).toBe(dir);
    expect(listFixtures("api")).toEqual([
      "api/a.chunks.jsonl",
      "api/b.sse",
      "api/c.json",
      "api/untyped.chunks.jsonl",
    ]);
  });

  it("returns .sse bytes unchanged whatever the options", () => {
    const bytes = fixtureAsSse("api/b.sse", { eventNames: true, done: true });
    expect(bytes.toString()).toBe("event: x\r\ndata: 1\r\n\r\n");
  });

  it("frames .chunks.jsonl payloads verbatim, with event names and [DONE] on request", () => {
    expect(fixtureAsSse("api/a.chunks.jsonl", { eventNames: false, done: false }).toString()).toBe(
      'data: {"type":"start","n":1}\n\ndata: {"type":"stop"}\n\n',
    );
    expect(fixtureAsSse("api/a.chunks.jsonl", { eventNames: true, done: true }).toString()).toBe(
      'event: start\ndata: {"type":"start","n":1}\n\nevent: stop\ndata: {"type":"stop"}\n\ndata: [DONE]\n\n',
    );
  });

  it("refuses event names for payloads without a type, and other file kinds", () => {
    expect(() => fixtureAsSse("api/untyped.chunks.jsonl", { eventNames: true, done: false })).toThrow(
      /no string "type"/,
    );
    expect(() => fixtureAsSse("api/c.json", { eventNames: false, done: false })).toThrow(/neither/);
  });
});
