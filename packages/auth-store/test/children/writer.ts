// Writes one provider's entry each time a line naming auth.json arrives on stdin; answers "ok" or "error".
import { createInterface } from "node:readline";
import { AuthStore } from "@elyra/auth-store";

const [provider = "p"] = process.argv.slice(2);
if (process.env.TEST_UMASK) process.umask(Number.parseInt(process.env.TEST_UMASK, 8));

process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const { path, round } = JSON.parse(line) as { path: string; round: number };
  try {
    const store = await AuthStore.open(path);
    await store.set(provider, { type: "api_key", key: `key-${provider}-round-${round}` });
    process.stdout.write(`ok ${round}\n`);
  } catch (error) {
    process.stdout.write(`error ${round} ${(error as Error).message}\n`);
  }
}
