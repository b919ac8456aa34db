/** The outline of tables and keys, and folding ranges for tables and multi-line values. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from "vscode-languageserver-types";
import { toRange } from "./diagnostics";
import { parseDocument } from "./parse";
import { secretPath } from "./secrets";
import type { Entry, Node, Span, TableNode } from "../../../core/tree";
import { plural } from "../../../core/words";

function detail(n: Node): string {
  if (n.kind === "value") return n.raw.length > 60 ? `${n.raw.slice(0, 57)}…` : n.raw;
  if (n.kind === "array") return plural(n.items.length, n.ofTables ? "table" : "item");
  return "";
}

/** A table's whole extent: its own span, and those of the tables and values below it. */
function extent(n: Node): Span {
  let [s, e] = n.span;
  if (n.kind === "table")
    for (const c of n.entries.values()) {
      const x = extent(c.value);
      s = Math.min(s, c.keySpan[0], x[0]);
      e = Math.max(e, x[1]);
    }
  else if (n.kind === "array")
    for (const i of n.items) {
      const x = extent(i);
      s = Math.min(s, x[0]);
      e = Math.max(e, x[1]);
    }
  return [s, e];
}

function symbolsOf(doc: TextDocument, t: TableNode, path: string[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const e of t.entries.values()) out.push(symbol(doc, e, [...path, e.key]));
  return out;
}

/** [env] and build args may hold secrets: the outline shows their names, never their values. */
function symbol(doc: TextDocument, e: Entry, path: string[]): DocumentSymbol {
  const secret = secretPath(path.join("."));
  const v = e.value;
  const [s, end] = extent(v);
  const range = toRange(doc, [Math.min(s, e.keySpan[0], e.lineSpan[0]), Math.max(end, e.keySpan[1])]);
  const selectionRange = toRange(doc, e.keySpan);
  if (v.kind === "table") {
    return { name: e.key, kind: SymbolKind.Object, range, selectionRange, children: symbolsOf(doc, v, path) };
  }
  if (v.kind === "array" && v.ofTables) {
    const children = v.items.map((item, i) => {
      const t = item as TableNode;
      const r = toRange(doc, extent(t));
      return {
        name: `${e.key}[${i}]`,
        kind: SymbolKind.Object,
        range: r,
        selectionRange: t.header ? toRange(doc, t.header.keySpan) : r,
        children: symbolsOf(doc, t, path),
      };
    });
    return { name: e.key, kind: SymbolKind.Array, detail: detail(v), range, selectionRange, children };
  }
  const kind =
    v.kind === "array"
      ? SymbolKind.Array
      : v.type === "string"
        ? SymbolKind.String
        : v.type === "boolean"
          ? SymbolKind.Boolean
          : v.type === "datetime"
            ? SymbolKind.Constant
            : SymbolKind.Number;
  return { name: e.key, kind, detail: secret ? undefined : detail(v), range, selectionRange };
}

export function documentSymbols(doc: TextDocument): DocumentSymbol[] {
  return symbolsOf(doc, parseDocument(doc.getText()).root, []);
}

export function foldingRanges(doc: TextDocument): FoldingRange[] {
  const text = doc.getText();
  const { root } = parseDocument(text);
  const out: FoldingRange[] = [];
  const add = (span: Span, kind?: FoldingRangeKind) => {
    const start = doc.positionAt(span[0]).line;
    let endOffset = span[1];
    while (endOffset > span[0] && /\s/.test(text[endOffset - 1] ?? "")) endOffset--;
    const end = doc.positionAt(endOffset).line;
    if (end > start) out.push({ startLine: start, endLine: end, kind });
  };
  const visit = (n: Node) => {
    if (n.kind === "table") {
      if (n.header) add(extent(n));
      else if (n.form === "inline") add(n.span);
      for (const e of n.entries.values()) visit(e.value);
    } else if (n.kind === "array") {
      if (!n.ofTables) add(n.span);
      for (const i of n.items) visit(i);
    } else if (n.type === "string" && (n.quote === '"""' || n.quote === "'''")) add(n.span);
  };
  visit(root);
  out.sort((a, b) => a.startLine - b.startLine);
  return out;
}
