// Takes the auth.json lock through a refresh that never ends, says so, and waits to be killed.
import { AuthStore } from "@elyra/auth-store";

const [path = "", provider = ""] = process.argv.slice(2);
const store = await AuthStore.open(path);
// A pending promise alone does not keep node running.
setInterval(() => {}, 60_000);
await store.oauthAccess(provider, () => {
  process.stdout.write("holding\n");
  return new Promise(() => {});
});
