// Writes entries <prefix>-0, <prefix>-1, … until it is killed, printing each one once it is committed.
import { AuthStore } from "@elyra/auth-store";

const [path = "", prefix = "w"] = process.argv.slice(2);
const store = await AuthStore.open(path);
process.stdout.write("ready\n");
for (let index = 0; index < 100_000; index++) {
  await store.set(`${prefix}-${index}`, { type: "api_key", key: `key-${prefix}-${index}` });
  process.stdout.write(`committed ${prefix}-${index}\n`);
}
