import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  entry: ["src/index.ts", "src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  dts: { entry: "src/main.ts" },
  sourcemap: true,
  clean: true,
  define: { __ELYRA_VERSION__: JSON.stringify(pkg.version) },
});
