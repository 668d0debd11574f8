// Waits for "go" on stdin, then asks for a fresh OAuth access token; prints its sha256, never the token.
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { AuthStore } from "@elyra/auth-store";
import { refreshAt } from "../oauth-refresh.js";

const [path = "", provider = "", tokenEndpoint = "", clientId = ""] = process.argv.slice(2);
const store = await AuthStore.open(path);
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const _go of lines) break;
try {
  const access = (await store.oauthAccess(provider, refreshAt(tokenEndpoint, clientId))) ?? "";
  process.stdout.write(`token ${createHash("sha256").update(access).digest("hex")}\n`);
} catch (error) {
  process.stdout.write(`error ${(error as Error).message}\n`);
}
lines.close();
