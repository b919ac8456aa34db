/** Build time: JSON Schema draft-07 from the zod model (for other TOML tools), and the compiled model. */
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { compileModel } from "./compile";
import { flyConfig } from "./model";

function generateSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flyConfig, {
    target: "draft-07",
    unrepresentable: "any",
    io: "input",
    override: (ctx) => {
      const s = ctx.jsonSchema as Record<string, unknown>;
      // our meta keys become x- extensions and editor-friendly fields; "default" is prose, not a value
      const docs = s.docs as string | undefined;
      const values = s.values as Record<string, string> | undefined;
      for (const k of ["docs", "values", "default", "legacy", "coerced", "durationUnit", "sizeUnit", "snippet", "alias"]) {
        if (k in s) {
          if (k !== "values" && k !== "docs") s[`x-fly-${k}`] = s[k];
          delete s[k];
        }
      }
      if (typeof s.description === "string") {
        s.markdownDescription = docs ? `${s.description}\n\n[Fly docs](${docs})` : s.description;
      }
      if (docs) s["x-taplo"] = { links: { key: docs } };
      if (values && Array.isArray(s.enum)) {
        s.markdownEnumDescriptions = (s.enum as string[]).map((v) => values[v] ?? "");
        s["x-taplo"] = { ...(s["x-taplo"] as object), docs: { enumValues: (s.enum as string[]).map((v) => values[v] ?? "") } };
      }
    },
  }) as Record<string, unknown>;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/fly-toml/fly-toml/schemas/fly.schema.json",
    title: "fly.toml",
    ...schema,
    "x-taplo-info": { patterns: ["^(.*/)?fly(\\.[^/]*)?\\.toml$"] },
  };
}

/** Writes schemas/fly.schema.json and schemas/fly.model.json (the compiled model the service reads). */
if (require.main === module) {
  const dir = process.argv[2] ?? "schemas";
  writeFileSync(`${dir}/fly.schema.json`, JSON.stringify(generateSchema(), null, 2) + "\n");
  writeFileSync(`${dir}/fly.model.json`, JSON.stringify(compileModel()) + "\n");
}
