#!/usr/bin/env node
// CommonJS on purpose: `elyra --version` answers here, before Node's ES module loader starts (~7 ms of a
// ~36 ms floor), so it runs at the speed of bare node. Everything else goes to the ESM entry.
"use strict";
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  import("../dist/index.js");
}
