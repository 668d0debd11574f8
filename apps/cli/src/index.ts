// The process entry (bin/elyra.cjs answers `--version` before it). main.js, and through it every
// command's modules, loads on demand.
import { setFlagsFromString } from "node:v8";

// undici compiles its WebAssembly HTTP parser on the first request, and V8's background tier-up of that
// module holds process exit ~150 ms after the last byte. Baseline-only compilation removes the tail
// (8.7 ms vs 147 ms measured here) and was no slower on a 20,000-event read. It must be set before the
// first connection; it is process-wide, which is why the CLI sets it and the libraries do not.
setFlagsFromString("--liftoff-only");

// `elyra --list-models | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const { main } = await import("./main.js");
process.exitCode = await main(process.argv.slice(2));
