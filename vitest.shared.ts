import { defineConfig } from "vitest/config";

// Node-environment tests run in Vite's SSR environment, so the source condition goes in ssr.resolve.
// Setting conditions replaces Vite's defaults, hence the defaults written out after ours (TOOLCHAIN.md P8).
export default defineConfig({
  ssr: { resolve: { conditions: ["@elyra/source", "module", "node", "development|production"] } },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // The JSON report lets .ci/run print one "N passed, N failed" line summed over every package.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
