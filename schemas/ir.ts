/**
 * The compiled fly.toml model: schemas/model.ts (zod) compiled at build time into plain JSON
 * (schemas/fly.model.json), so the language service reads the model without loading zod at run time.
 */
import type { FlyMeta } from "./meta";

type IRKind = "table" | "record" | "array" | "union" | "string" | "int" | "number" | "boolean" | "enum" | "unknown";

export interface IRNode {
  k: IRKind;
  /** table: key → node index */
  keys?: Record<string, number>;
  /** table: unknown keys are reported */
  strict?: boolean;
  /** record: the value node */
  value?: number;
  /** array: the element node */
  item?: number;
  /** array: most items allowed */
  max?: number;
  /** union: option nodes */
  options?: number[];
  /** enum: allowed values */
  values?: string[];
  /** string: a regular expression the value must match */
  pattern?: string;
  meta?: FlyMeta;
}

export interface IRModel {
  root: number;
  nodes: IRNode[];
}

/** Reads a compiled model. */
export class Model {
  private readonly patterns = new WeakMap<IRNode, RegExp>();
  private readonly optionLists = new WeakMap<IRNode, IRNode[]>();
  private readonly structuralLists = new WeakMap<IRNode, Record<"table" | "array" | "value", IRNode[]>>();
  constructor(readonly ir: IRModel) {}

  get root(): IRNode {
    return this.ir.nodes[this.ir.root];
  }

  node(i: number): IRNode {
    return this.ir.nodes[i];
  }

  /** The options of a union, or the node itself (kept: the checker asks for every node of every document). */
  options(n: IRNode): IRNode[] {
    let list = this.optionLists.get(n);
    if (!list) this.optionLists.set(n, (list = n.k === "union" ? n.options!.map((i) => this.node(i)) : [n]));
    return list;
  }

  /** The options that can hold a node of this kind: tables (and records), arrays, or plain values. */
  structural(n: IRNode, kind: "table" | "array" | "value"): IRNode[] {
    let lists = this.structuralLists.get(n);
    if (!lists) {
      const opts = this.options(n);
      const fits = (o: IRNode, k: typeof kind) =>
        o.k === "unknown" ||
        (k === "table"
          ? o.k === "table" || o.k === "record"
          : k === "array"
            ? o.k === "array"
            : !(o.k === "table" || o.k === "record" || o.k === "array"));
      lists = {
        table: opts.filter((o) => fits(o, "table")),
        array: opts.filter((o) => fits(o, "array")),
        value: opts.filter((o) => fits(o, "value")),
      };
      this.structuralLists.set(n, lists);
    }
    return lists[kind];
  }

  /** The schema of `key` inside a table/record node (through unions). */
  child(n: IRNode, key: string): IRNode | undefined {
    for (const o of this.options(n)) {
      if (o.k === "table" && o.keys && Object.hasOwn(o.keys, key)) return this.node(o.keys[key]);
      if (o.k === "record") return this.node(o.value!);
    }
    return undefined;
  }

  /** The element schema of an array node (through unions). */
  item(n: IRNode): IRNode | undefined {
    for (const o of this.options(n)) if (o.k === "array") return this.node(o.item!);
    return undefined;
  }

  /** The table a key resolves to, written as one table or as an array of tables. */
  table(n: IRNode): IRNode | undefined {
    for (const o of this.options(n)) {
      if (o.k === "table" || o.k === "record") return o;
      if (o.k === "array") {
        const e = this.node(o.item!);
        if (e.k === "table") return e;
      }
    }
    return undefined;
  }

  /** Known keys of a table node (the first table option of a union). */
  keys(n: IRNode): string[] {
    for (const o of this.options(n)) if (o.k === "table") return Object.keys(o.keys ?? {});
    return [];
  }

  /** Walks a path of keys (numbers for array items) from the root. */
  at(path: readonly (string | number)[]): IRNode | undefined {
    let n: IRNode | undefined = this.root;
    for (const k of path) {
      if (!n) return undefined;
      if (typeof k === "number") {
        n = this.item(n) ?? n;
        continue;
      }
      n = this.child(this.table(n) ?? n, k);
    }
    return n;
  }

  /** Allowed enum values with their sentences (through unions and arrays). */
  enumValues(n: IRNode): Record<string, string> | undefined {
    if (n.meta?.values) return n.meta.values;
    for (const o of this.options(n)) if (o.k === "enum") return o.meta?.values ?? Object.fromEntries(o.values!.map((v) => [v, ""]));
    return undefined;
  }

  /** The canonical types a node accepts, in words ("table", "array of strings", "integer"…), legacy forms left out. */
  typeNames(n: IRNode): string[] {
    const names = new Set<string>();
    for (const o of this.options(n)) {
      if (o.meta?.coerced || o.meta?.legacy) continue;
      if (n.meta?.durationUnit && o.k === "string") names.add("duration");
      else if (o.k === "table" || o.k === "record") names.add("table");
      else if (o.k === "array") {
        const el = this.node(o.item!);
        names.add(
          el.k === "table" || el.k === "record" ? "array of tables" : el.k === "string" || el.k === "enum" ? "array of strings" : "array",
        );
      } else if (o.k === "enum" || o.k === "string") names.add("string");
      else if (o.k === "int") names.add("integer");
      else if (o.k === "number") names.add("number");
      else if (o.k === "boolean") names.add("boolean");
    }
    return [...names];
  }

  /** Whether a plain value (as TOML decodes it) fits the schema, like zod's safeParse(v).success. */
  accepts(n: IRNode, v: unknown): boolean {
    switch (n.k) {
      case "unknown":
        return true;
      case "string": {
        if (typeof v !== "string") return false;
        if (n.pattern === undefined) return true;
        let re = this.patterns.get(n);
        if (!re) this.patterns.set(n, (re = new RegExp(n.pattern, "u")));
        return re.test(v);
      }
      case "int":
        return typeof v === "number" && Number.isSafeInteger(v);
      case "number":
        return typeof v === "number" && Number.isFinite(v);
      case "boolean":
        return typeof v === "boolean";
      case "enum":
        return typeof v === "string" && n.values!.includes(v);
      case "array":
        return Array.isArray(v) && (n.max === undefined || v.length <= n.max) && v.every((x) => this.accepts(this.node(n.item!), x));
      case "record":
        return isPlainObject(v) && Object.values(v).every((x) => this.accepts(this.node(n.value!), x));
      case "table": {
        if (!isPlainObject(v)) return false;
        for (const [k, x] of Object.entries(v)) {
          if (!Object.hasOwn(n.keys!, k)) {
            if (n.strict) return false;
            continue;
          }
          if (!this.accepts(this.node(n.keys![k]), x)) return false;
        }
        return true;
      }
      case "union":
        return n.options!.some((i) => this.accepts(this.node(i), v));
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
