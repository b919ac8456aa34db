/**
 * The parsed document as a tree of tables, arrays and values, each with its source offsets.
 * Built from toml-eslint-parser's AST, which keeps UTF-16 offsets.
 */
import type { AST } from "toml-eslint-parser";

export type Span = [start: number, end: number];

export type ValueType = "string" | "integer" | "float" | "boolean" | "datetime";

interface Base {
  /** The whole node (for a header table: from the header to its last key/value). */
  span: Span;
  parent?: TableNode | ArrayNode;
}

export interface TableNode extends Base {
  kind: "table";
  /** How the table came to be: `[a]`, an element of `[[a]]`, `{…}`, a dotted key, or implied by a deeper header. */
  form: "root" | "header" | "array-item" | "inline" | "dotted" | "implicit";
  entries: Map<string, Entry>;
  /** The `[a.b]` header, for header and array-item tables. */
  header?: AST.TOMLTable;
}

export interface ArrayNode extends Base {
  kind: "array";
  /** `[[a]]` arrays of tables, as opposed to `a = [ … ]`. */
  ofTables: boolean;
  items: Node[];
}

export interface ValueNode extends Base {
  kind: "value";
  type: ValueType;
  value: string | number | boolean;
  /** For strings: the quote style, to write values back the same way. */
  quote?: '"' | "'" | '"""' | "'''";
  /** The source text of the value. */
  raw: string;
}

export type Node = TableNode | ArrayNode | ValueNode;

export interface Entry {
  key: string;
  /** The span of the key segment naming this entry (in a key/value or a header). */
  keySpan: Span;
  /** The whole `key = value` line for key/values, or the header for tables. */
  lineSpan: Span;
  /** The key/value node when the entry is a `key = value`. */
  keyValue?: AST.TOMLKeyValue;
  value: Node;
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === "TOMLBare" ? k.name : k.value;
}

function valueNode(text: string, node: AST.TOMLContentNode, parent: TableNode | ArrayNode): Node {
  const span: Span = [node.range[0], node.range[1]];
  if (node.type === "TOMLArray") {
    const arr: ArrayNode = { kind: "array", ofTables: false, items: [], span, parent };
    for (const el of node.elements) arr.items.push(valueNode(text, el, arr));
    return arr;
  }
  if (node.type === "TOMLInlineTable") {
    const t: TableNode = { kind: "table", form: "inline", entries: new Map(), span, parent };
    for (const kv of node.body) addKeyValue(text, t, kv);
    return t;
  }
  const raw = text.slice(span[0], span[1]);
  switch (node.kind) {
    case "string": {
      const quote = raw.startsWith('"""') ? '"""' : raw.startsWith("'''") ? "'''" : raw.startsWith("'") ? "'" : '"';
      return { kind: "value", type: "string", value: node.value, quote, raw, span, parent };
    }
    case "integer":
      return { kind: "value", type: "integer", value: node.value, raw, span, parent };
    case "float":
      return { kind: "value", type: "float", value: node.value, raw, span, parent };
    case "boolean":
      return { kind: "value", type: "boolean", value: node.value, raw, span, parent };
    default:
      return { kind: "value", type: "datetime", value: node.datetime, raw, span, parent };
  }
}

/** Finds or creates the table at a key path segment (dotted keys and headers create implicit tables). */
function childTable(parent: TableNode, key: string, keySpan: Span, lineSpan: Span, form: TableNode["form"]): TableNode {
  const existing = parent.entries.get(key);
  if (existing) {
    const v = existing.value;
    if (v.kind === "table") return v;
    if (v.kind === "array" && v.ofTables && v.items.length) return v.items[v.items.length - 1] as TableNode;
  }
  const t: TableNode = { kind: "table", form, entries: new Map(), span: [lineSpan[0], lineSpan[1]], parent };
  parent.entries.set(key, { key, keySpan, lineSpan, value: t });
  return t;
}

function addKeyValue(text: string, table: TableNode, kv: AST.TOMLKeyValue): void {
  const keys = kv.key.keys;
  let t = table;
  const lineSpan: Span = [kv.range[0], kv.range[1]];
  for (let i = 0; i < keys.length - 1; i++) {
    t = childTable(t, keyName(keys[i]), [keys[i].range[0], keys[i].range[1]], lineSpan, "dotted");
  }
  const last = keys[keys.length - 1];
  const entry: Entry = { key: keyName(last), keySpan: [last.range[0], last.range[1]], lineSpan, keyValue: kv, value: undefined as unknown as Node };
  entry.value = valueNode(text, kv.value, t);
  t.entries.set(entry.key, entry);
}

/** Builds the tree of a parsed program. */
export function buildTree(text: string, program: AST.TOMLProgram): TableNode {
  const root: TableNode = { kind: "table", form: "root", entries: new Map(), span: [0, text.length] };
  const top = program.body[0];
  for (const item of top.body) {
    if (item.type === "TOMLKeyValue") {
      addKeyValue(text, root, item);
      continue;
    }
    const keys = item.key.keys;
    const headerSpan: Span = [item.range[0], item.key.range[1] + (item.kind === "array" ? 2 : 1)];
    let t = root;
    for (let i = 0; i < keys.length - 1; i++) {
      t = childTable(t, keyName(keys[i]), [keys[i].range[0], keys[i].range[1]], headerSpan, "implicit");
    }
    const last = keys[keys.length - 1];
    const name = keyName(last);
    const keySpan: Span = [last.range[0], last.range[1]];
    let table: TableNode;
    if (item.kind === "array") {
      let entry = t.entries.get(name);
      if (!entry || entry.value.kind !== "array") {
        const arr: ArrayNode = { kind: "array", ofTables: true, items: [], span: [item.range[0], item.range[1]], parent: t };
        entry = { key: name, keySpan, lineSpan: headerSpan, value: arr };
        t.entries.set(name, entry);
      }
      const arr = entry.value as ArrayNode;
      table = { kind: "table", form: "array-item", entries: new Map(), span: [item.range[0], item.range[1]], parent: arr, header: item };
      arr.items.push(table);
      arr.span = [arr.span[0], item.range[1]];
    } else {
      const existing = t.entries.get(name);
      if (existing && existing.value.kind === "table") {
        // a header for a table first implied by a deeper header: it now has a header of its own
        table = existing.value;
        table.form = "header";
        table.header = item;
        table.span = [item.range[0], item.range[1]];
        existing.keySpan = keySpan;
        existing.lineSpan = headerSpan;
      } else {
        table = { kind: "table", form: "header", entries: new Map(), span: [item.range[0], item.range[1]], parent: t, header: item };
        t.entries.set(name, { key: name, keySpan, lineSpan: headerSpan, value: table });
      }
    }
    for (const kv of item.body) addKeyValue(text, table, kv);
  }
  return root;
}

/** The plain JS value of a node, as flyctl's TOML decoder would see it. */
export function plain(node: Node): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "array") return node.items.map(plain);
  const o: Record<string, unknown> = {};
  for (const [k, e] of node.entries) o[k] = plain(e.value);
  return o;
}

/** The entry at a dotted path below a table (no array indices). */
export function getEntry(table: TableNode | undefined, ...path: string[]): Entry | undefined {
  let t: Node | undefined = table;
  let e: Entry | undefined;
  for (const k of path) {
    if (!t || t.kind !== "table") return undefined;
    e = t.entries.get(k);
    t = e?.value;
  }
  return e;
}

export function getTable(table: TableNode | undefined, ...path: string[]): TableNode | undefined {
  const v = getEntry(table, ...path)?.value;
  return v?.kind === "table" ? v : undefined;
}

export function getValue(table: TableNode | undefined, ...path: string[]): ValueNode | undefined {
  const v = getEntry(table, ...path)?.value;
  return v?.kind === "value" ? v : undefined;
}

/** Tables of an entry that may be one table or an array of tables. */
export function tablesOf(node: Node | undefined): TableNode[] {
  if (!node) return [];
  if (node.kind === "table") return [node];
  if (node.kind === "array") return node.items.filter((n): n is TableNode => n.kind === "table");
  return [];
}

/** String items of an array value (or a lone string). */
export function stringsOf(node: Node | undefined): ValueNode[] {
  if (!node) return [];
  if (node.kind === "value") return node.type === "string" ? [node] : [];
  if (node.kind === "array") return node.items.filter((n): n is ValueNode => n.kind === "value" && n.type === "string");
  return [];
}
