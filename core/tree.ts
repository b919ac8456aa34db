/**
 * The parsed document as a tree of tables, arrays and values, each with its source offsets (UTF-16, as in
 * JavaScript strings and LSP positions). Built by ./toml/parser.ts.
 */

export type Span = [start: number, end: number];

type ValueType = "string" | "integer" | "float" | "boolean" | "datetime";

interface Base {
  /** The whole node (for a header table: from the header to its last key/value). */
  span: Span;
  parent?: TableNode | ArrayNode;
}

/** A `[a.b]` or `[[a.b]]` header line. */
export interface Header {
  /** From the opening bracket to the closing one(s). */
  span: Span;
  /** From the first key to the last. */
  keySpan: Span;
  /** The last key, which names the table. */
  lastKeySpan: Span;
  array: boolean;
}

export interface TableNode extends Base {
  kind: "table";
  /** How the table came to be: `[a]`, an element of `[[a]]`, `{…}`, a dotted key, or implied by a deeper header. */
  form: "root" | "header" | "array-item" | "inline" | "dotted" | "implicit";
  entries: Map<string, Entry>;
  /** The header, for header and array-item tables. */
  header?: Header;
  /**
   * Keys written in another case (`Internal_Port`), under the name flyctl reads them as: its JSON round trip matches
   * keys case-insensitively. Filled by the shape check (foldKey); getEntry consults it.
   */
  folded?: Map<string, Entry>;
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
  /** Whether the entry is the last key of a `key = value` line. */
  kv: boolean;
  value: Node;
}

/** The plain JS value of a node, as flyctl's TOML decoder would see it. */
export function plain(node: Node): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "array") return node.items.map(plain);
  const o: Record<string, unknown> = {};
  for (const e of node.entries.values()) o[e.key] = plain(e.value);
  return o;
}

/**
 * The entry at a path of up to three keys below a table (no array indices). Fixed parameters, not `...path`: the
 * rules call this for most keys of every document, mostly before V8 has compiled it, and a rest parameter is an
 * array made on every call.
 */
export function getEntry(table: TableNode | undefined, key: string, key2?: string, key3?: string): Entry | undefined {
  let e = entryOf(table, key);
  if (key2 === undefined || !e) return e;
  e = entryOf(e.value, key2);
  if (key3 === undefined || !e) return e;
  return entryOf(e.value, key3);
}

let foldings = 0;

/** Records that `e`, written in another case, is read as `known` (the shape check knows which keys are). */
export function foldKey(table: TableNode, known: string, e: Entry): void {
  (table.folded ??= new Map()).set(known, e);
  foldings++;
}

/** Changes whenever a key is folded: what was read of a tree before may have missed that key. */
export function foldingCount(): number {
  return foldings;
}

function entryOf(t: Node | undefined, key: string): Entry | undefined {
  if (!t || t.kind !== "table") return undefined;
  return t.entries.get(key) ?? t.folded?.get(key);
}

export function getTable(table: TableNode | undefined, key: string, key2?: string, key3?: string): TableNode | undefined {
  const v = getEntry(table, key, key2, key3)?.value;
  return v?.kind === "table" ? v : undefined;
}

export function getValue(table: TableNode | undefined, key: string, key2?: string, key3?: string): ValueNode | undefined {
  const v = getEntry(table, key, key2, key3)?.value;
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
