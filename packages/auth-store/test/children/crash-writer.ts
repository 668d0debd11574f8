// Writes entries <prefix>-0, <prefix>-1, … until it is killed, printing each one once it is committed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthStore } from "@elyra/auth-store";

const [path = "", prefix = "w"] = process.argv.slice(2);
// The store imports what a write needs (the schema, the lock) on its first write. Write once elsewhere first,
// so that after "ready" this process does nothing but write, and the kill lands in the writing.
const scratch = await mkdtemp(join(tmpdir(), "elyra-crash-writer-"));
await (await AuthStore.open(join(scratch, "auth.json"))).set("warm-up", { type: "api_key", key: "warm-up" });
await rm(scratch, { recursive: true, force: true });
const store = await AuthStore.open(path);
process.stdout.write("ready\n");
for (let index = 0; index < 100_000; index++) {
  await store.set(`${prefix}-${index}`, { type: "api_key", key: `key-${prefix}-${index}` });
  process.stdout.write(`committed ${prefix}-${index}\n`);
}
