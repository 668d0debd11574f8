/**
 * Writes models.schema.json from the zod schema in src/models-json-schema.ts, formatted the way `pnpm lint`
 * expects. Run it after changing the schema:
 *
 *   npx tsx packages/registry/scripts/write-models-schema.ts
 *
 * test/models-schema.test.ts fails while the committed file differs from the schema.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { modelsJsonSchema } from "../src/models-json-schema.js";

const target = fileURLToPath(new URL("../models.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(modelsJsonSchema(), null, 2)}\n`);
// Biome owns the layout of every JSON file in the repository; JSON.stringify's differs on short arrays.
execFileSync("npx", ["biome", "format", "--write", target], { stdio: "inherit" });
