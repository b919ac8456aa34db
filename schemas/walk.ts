/** Reading the zod model: which schema applies at a key path, and its documentation. */
import type { z } from "zod";
import { metaOf, type FlyMeta } from "./meta";
import { flyConfig } from "./model";

type Def = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  items?: z.ZodType[];
};

export function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/nullable wrappers. */
export function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const d = defOf(cur);
    if ((d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "prefault") && d.innerType) cur = d.innerType;
    else return cur;
  }
}

export type SchemaKind = "object" | "record" | "array" | "leaf" | "union" | "unknown";

export function kindOf(s: z.ZodType): SchemaKind {
  const t = defOf(unwrap(s)).type;
  if (t === "object") return "object";
  if (t === "record") return "record";
  if (t === "array" || t === "tuple") return "array";
  if (t === "union") return "union";
  if (t === "unknown" || t === "any") return "unknown";
  return "leaf";
}

export function optionsOf(s: z.ZodType): z.ZodType[] {
  const u = unwrap(s);
  return defOf(u).type === "union" ? (defOf(u).options ?? []).map(unwrap) : [u];
}

/** Object shapes and record value types directly under a schema (through unions). */
export function childSchema(s: z.ZodType, key: string): z.ZodType | undefined {
  for (const o of optionsOf(s)) {
    const d = defOf(o);
    if (d.type === "object" && d.shape && key in d.shape) return unwrap(d.shape[key]);
    if (d.type === "record" && d.valueType) return unwrap(d.valueType);
  }
  return undefined;
}

/** The element schema of an array (through unions), or the table schema itself for table-or-array keys. */
export function itemSchema(s: z.ZodType): z.ZodType | undefined {
  for (const o of optionsOf(s)) {
    const d = defOf(o);
    if (d.type === "array" && d.element) return unwrap(d.element);
  }
  return undefined;
}

/** The table schema a key resolves to, whether it is written as a table or an array of tables. */
export function tableSchema(s: z.ZodType): z.ZodType | undefined {
  for (const o of optionsOf(s)) {
    const d = defOf(o);
    if (d.type === "object" || d.type === "record") return o;
    if (d.type === "array" && d.element) {
      const e = unwrap(d.element);
      if (defOf(e).type === "object") return e;
    }
  }
  return undefined;
}

/** The keys an object schema knows (first object option of a union). */
export function knownKeys(s: z.ZodType): Record<string, z.ZodType> | undefined {
  for (const o of optionsOf(s)) {
    const d = defOf(o);
    if (d.type === "object" && d.shape) return d.shape;
  }
  return undefined;
}

/** Walks a path of keys (numbers for array items are skipped) from the root of the model. */
export function schemaAt(path: readonly (string | number)[], root: z.ZodType = flyConfig): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const k of path) {
    if (!s) return undefined;
    if (typeof k === "number") {
      s = itemSchema(s) ?? s;
      continue;
    }
    const t = tableSchema(s) ?? s;
    s = childSchema(t, k);
  }
  return s;
}

/** The enum values (with their sentences) a schema allows, through unions and arrays. */
export function enumValues(s: z.ZodType): Record<string, string> | undefined {
  const m = metaOf(unwrap(s));
  if (m?.values) return m.values;
  for (const o of optionsOf(s)) {
    const d = defOf(o);
    if (d.type === "enum" && d.entries) return metaOf(o)?.values ?? Object.fromEntries(Object.keys(d.entries).map((k) => [k, ""]));
  }
  return undefined;
}

export function docOf(s: z.ZodType): FlyMeta | undefined {
  return metaOf(unwrap(s)) ?? metaOf(s);
}
