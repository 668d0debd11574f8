// The process entry. `--version` is answered before anything heavy is imported, so it runs at the speed
// of bare node; everything else loads main.js on demand.
import { VERSION } from "./version.js";

// `elyra --list-models | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(args);
}
