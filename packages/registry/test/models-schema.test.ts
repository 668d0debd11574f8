import { readFile } from "node:fs/promises";
import { COMPAT_FLAGS } from "@elyra/provider-kit";
import { expect, test } from "vitest";
import { modelsJsonSchema } from "../src/index.js";

/**
 * models.schema.json is generated from the zod schema and committed, so editors can fetch it from the published
 * package. Its layout is biome's; its content must be the schema's.
 */
test("the committed models.schema.json is the generated schema", async () => {
  const committed = JSON.parse(await readFile(new URL("../models.schema.json", import.meta.url), "utf8"));
  expect(committed, "stale: run `npx tsx packages/registry/scripts/write-models-schema.ts`").toEqual(
    await modelsJsonSchema(),
  );
});

test("the schema knows every compat flag of provider-kit, and no other", async () => {
  const provider = (
    (await modelsJsonSchema()) as {
      properties: {
        providers: { additionalProperties: { properties: Record<string, { properties: object }> } };
      };
    }
  ).properties.providers.additionalProperties.properties;
  expect(Object.keys(provider.compat!.properties).sort()).toEqual([...COMPAT_FLAGS].sort());
});

test("it is a draft 2020-12 schema that accepts $schema and closes every object", async () => {
  const schema = await modelsJsonSchema();
  expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  expect(schema).toMatchObject({
    type: "object",
    additionalProperties: false,
    properties: { $schema: { type: "string" } },
  });
  const open: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node !== "object" || node === null) return;
    const object = node as Record<string, unknown>;
    if (object.type === "object" && object.properties && object.additionalProperties !== false)
      open.push(path);
    for (const [key, value] of Object.entries(object)) walk(value, `${path}/${key}`);
  };
  walk(schema, "#");
  expect(open).toEqual([]);
});
