import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { AuthStore, type OAuthCredential } from "@elyra/auth-store";
import { startOAuthServer } from "@elyra/testkit";
import { describe, expect, it } from "vitest";
import {
  Child,
  childBundles,
  deadHoldersLock,
  leakedSecrets,
  leftovers,
  modeOf,
  tempDir,
} from "./helpers.js";

const bundles = childBundles("writer.ts", "refresher.ts");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("many processes at once", () => {
  it("32 processes writing 32 providers at once, 10 rounds: every entry survives, mode 0600", async () => {
    const base = await tempDir();
    const providers = Array.from({ length: 32 }, (_, index) => `provider-${index}`);
    const started = performance.now();
    const children = providers.map(
      (provider) => new Child(bundles["writer.ts"]!, [provider], { TEST_UMASK: "000" }),
    );
    await Promise.all(children.map((child) => child.waitForLine((line) => line === "ready")));
    const startupMs = performance.now() - started;

    const roundMs: number[] = [];
    for (let round = 0; round < 10; round++) {
      const path = join(base, `round-${round}`, "agent", "auth.json");
      // Odd rounds start with a lock left by a dead process, which all 32 try to reclaim at once.
      if (round % 2 === 1) {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await deadHoldersLock(`${path}.lock`);
      }
      const roundStart = performance.now();
      for (const child of children) child.send(JSON.stringify({ path, round }));
      const answers = await Promise.all(
        children.map((child) => child.waitForLine((l) => l.endsWith(` ${round}`))),
      );
      roundMs.push(performance.now() - roundStart);

      expect(answers.filter((answer) => !answer.startsWith("ok"))).toEqual([]);
      const stored = JSON.parse(await readFile(path, "utf8")) as Record<string, { key: string }>;
      expect(Object.keys(stored).sort()).toEqual([...providers].sort());
      for (const provider of providers) expect(stored[provider]!.key).toBe(`key-${provider}-round-${round}`);
      expect(await modeOf(path)).toBe(0o600);
      expect(await modeOf(dirname(path))).toBe(0o700);
      expect(await leftovers(dirname(path))).toEqual([]);
    }

    for (const child of children) child.process.stdin.end();
    const exits = await Promise.all(children.map((child) => child.exited));
    expect(exits.every((exit) => exit.code === 0)).toBe(true);
    expect(children.map((child) => child.stderr).join("")).toBe("");
    console.info(
      `32 writers x 10 rounds: 32/32 entries every round; startup ${Math.round(startupMs)} ms, ` +
        `rounds ${roundMs.map(Math.round).join("/")} ms`,
    );
  }, 120_000);

  it("16 processes asking for one expired OAuth token: one refresh, one new token for all", async () => {
    const server = await startOAuthServer();
    try {
      const tokens = await server.issueTokens();
      const path = join(await tempDir(), "agent", "auth.json");
      const original: OAuthCredential = {
        type: "oauth",
        access: tokens.access_token,
        refresh: tokens.refresh_token,
        expires: Date.now() - 60_000,
      };
      await (await AuthStore.open(path)).set("example", original);

      const args = [path, "example", server.tokenEndpoint, server.clientId];
      const children = Array.from({ length: 16 }, () => new Child(bundles["refresher.ts"]!, args));
      await Promise.all(children.map((child) => child.waitForLine((line) => line === "ready")));
      const started = performance.now();
      for (const child of children) child.send("go");
      const answers = await Promise.all(
        children.map((child) => child.waitForLine((l) => /^(token|error) /.test(l))),
      );
      const elapsedMs = performance.now() - started;
      await Promise.all(children.map((child) => child.exited));

      const refreshes = server.requests.filter((request) => request.grantType === "refresh_token");
      expect(refreshes).toHaveLength(1);
      expect(refreshes[0]!.status).toBe(200);
      const stored = (await (await AuthStore.open(path)).get("example")) as OAuthCredential;
      expect(new Set(answers)).toEqual(new Set([`token ${sha256(stored.access)}`]));
      expect(stored.access).not.toBe(original.access);
      expect(stored.refresh).not.toBe(original.refresh);

      // The stored refresh token is the rotated one: the server takes it, and refuses the original.
      const grant = (refresh: string) =>
        fetch(server.tokenEndpoint, {
          method: "POST",
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: refresh,
            client_id: server.clientId,
          }),
        });
      expect((await grant(stored.refresh)).status).toBe(200);
      expect(await (await grant(original.refresh)).json()).toMatchObject({ error: "invalid_grant" });

      const output = children.flatMap((child) => [...child.lines, child.stderr]);
      expect(
        leakedSecrets(output, [original.access, original.refresh, stored.access, stored.refresh]),
      ).toEqual([]);
      console.info(
        `16 refreshers: ${refreshes.length} refresh request, 16/16 same token, ${Math.round(elapsedMs)} ms`,
      );
    } finally {
      await server.close();
    }
  }, 120_000);
});
