/** Build time: compiles the zod model (schemas/model.ts) into the plain JSON model the service reads. */
import type { z } from "zod";
import type { IRModel, IRNode } from "./ir";
import { metaOf } from "./meta";
import { flyConfig } from "./model";
import { defOf, unwrap } from "./walk";

type Checks = { _zod: { def: { check: string; format?: string; pattern?: RegExp; maximum?: number } } }[];

export function compileModel(root: z.ZodType = flyConfig): IRModel {
  const nodes: IRNode[] = [];
  const ids = new Map<z.ZodType, number>();

  function visit(schema: z.ZodType): number {
    const s = unwrap(schema);
    const seen = ids.get(s);
    if (seen !== undefined) return seen;
    const id = nodes.length;
    ids.set(s, id);
    const node: IRNode = { k: "unknown" };
    nodes.push(node);
    const d = defOf(s) as ReturnType<typeof defOf> & { format?: string; checks?: Checks };
    const meta = metaOf(s) ?? (schema !== s ? metaOf(schema) : undefined);
    if (meta) node.meta = meta;
    switch (d.type) {
      case "object": {
        node.k = "table";
        node.strict = d.catchall !== undefined && defOf(d.catchall).type === "never";
        node.keys = {};
        for (const [k, v] of Object.entries(d.shape ?? {})) node.keys[k] = visit(v);
        break;
      }
      case "record":
        node.k = "record";
        node.value = visit(d.valueType!);
        break;
      case "array": {
        node.k = "array";
        node.item = visit(d.element!);
        const max = (d.checks ?? []).find((c) => c._zod.def.check === "max_length");
        if (max) node.max = max._zod.def.maximum;
        break;
      }
      case "union":
        node.k = "union";
        node.options = (d.options ?? []).map(visit);
        break;
      case "string": {
        node.k = "string";
        const re = (d.checks ?? []).find((c) => c._zod.def.format === "regex");
        if (re) node.pattern = re._zod.def.pattern!.source;
        break;
      }
      case "number":
        node.k = d.format === "safeint" || d.format === "int32" ? "int" : "number";
        break;
      case "boolean":
        node.k = "boolean";
        break;
      case "enum":
        node.k = "enum";
        node.values = Object.values(d.entries ?? {});
        break;
      case "unknown":
      case "any":
        node.k = "unknown";
        break;
      default:
        throw new Error(`the fly.toml model uses a zod type the compiler does not know: ${d.type}`);
    }
    return id;
  }

  const rootId = visit(root);
  return { root: rootId, nodes };
}
