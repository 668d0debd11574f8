import { fixtureAsSse, listFixtures } from "@elyra/testkit";
import type { WireApi } from "./helpers.js";

/** The recorded streams of one wire API, as the bytes a server sends. */
export function fixtureStreams(api: WireApi): { name: string; bytes: Buffer }[] {
  const subdir = api === "openai-completions" ? "openai-chat" : "openai-responses";
  // `.chunks.jsonl` files lost their framing; chat streams ended in [DONE], Responses named each event.
  const options =
    api === "openai-completions" ? { eventNames: false, done: true } : { eventNames: true, done: false };
  return listFixtures(subdir).map((path) => ({
    name: path.slice(subdir.length + 1),
    bytes: fixtureAsSse(path, options),
  }));
}
