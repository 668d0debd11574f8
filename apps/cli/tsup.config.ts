import { cpSync, readFileSync, rmSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};
const registryCatalog = new URL("../../packages/registry/catalog/", import.meta.url);
const catalogCopy = new URL("./catalog/", import.meta.url);

// The @elyra/* packages are devDependencies, so tsup bundles them (from source) and the published CLI needs
// none of them from the registry; third-party dependencies stay external. The wire API packages are imported
// dynamically, so they land in chunks that load only when their provider is used.
export default defineConfig({
  entry: ["src/index.ts", "src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  splitting: true,
  sourcemap: true,
  clean: true,
  define: { __ELYRA_VERSION__: JSON.stringify(pkg.version) },
  esbuildOptions(options) {
    options.conditions = ["@elyra/source"];
  },
  // The registry reads its model catalog from `../catalog/` beside the running file: inside this bundle that
  // is apps/cli/catalog.
  onSuccess: async () => {
    rmSync(catalogCopy, { recursive: true, force: true });
    cpSync(registryCatalog, catalogCopy, { recursive: true });
  },
});
