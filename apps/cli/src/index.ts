// The process entry (bin/elyra.cjs answers `--version` before it). main.js, and through it every
// command's modules, loads on demand.

// `elyra --list-models | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const { main } = await import("./main.js");
process.exitCode = await main(process.argv.slice(2));
