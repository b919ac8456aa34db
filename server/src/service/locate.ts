/** What is at an offset of the document: a key, a table header segment or a value, with its key path. */
import { lineStartOf } from "../../../core/lines";
import type { Entry, Node, Span, TableNode, ValueNode } from "../../../core/tree";

interface AtCursor {
  on: "key" | "header" | "value";
  /** Key path from the root, without array indices (e.g. ["services", "ports", "port"]). */
  path: string[];
  span: Span;
  entry?: Entry;
  value?: ValueNode;
  /** For values inside arrays: the array's key path is `path`. */
  inArray?: boolean;
}

const within = (span: Span, offset: number) => span[0] <= offset && offset <= span[1];

function visitTable(t: TableNode, offset: number, path: string[]): AtCursor | undefined {
  for (const e of t.entries.values()) {
    const p = [...path, e.key];
    if (e.kv && within(e.keySpan, offset)) return { on: "key", path: p, span: e.keySpan, entry: e };
    const hit = visitNode(e.value, offset, p, e);
    if (hit) return hit;
  }
  return undefined;
}

function visitNode(n: Node, offset: number, path: string[], entry: Entry): AtCursor | undefined {
  if (n.kind === "value") return within(n.span, offset) ? { on: "value", path, span: n.span, entry, value: n } : undefined;
  if (n.kind === "array") {
    for (const item of n.items) {
      if (item.kind === "value" && within(item.span, offset))
        return { on: "value", path, span: item.span, entry, value: item, inArray: true };
      if (item.kind !== "value") {
        const hit = visitNode(item, offset, path, entry);
        if (hit) return hit;
      }
    }
    return undefined;
  }
  // dotted and implicit tables have their keys in other lines; inline and header tables are visited as well
  return visitTable(n, offset, path);
}

const HEADER = /^([ \t]*)(\[\[?)([^\]\n]*)/;

/** Splits a header's dotted key into segments with their offsets (quotes kept out of names). */
export function headerSegments(text: string, lineStart: number): { name: string; span: Span }[] | undefined {
  const line = text.slice(lineStart, text.indexOf("\n", lineStart) < 0 ? text.length : text.indexOf("\n", lineStart));
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const segs: { name: string; span: Span }[] = [];
  const body = m[3];
  let i = 0;
  const base = lineStart + m[1].length + m[2].length;
  while (i <= body.length) {
    while (body[i] === " " || body[i] === "\t") i++;
    const start = i;
    let name = "";
    if (body[i] === '"' || body[i] === "'") {
      const q = body[i];
      const close = body.indexOf(q, i + 1);
      const end = close < 0 ? body.length : close + 1;
      name = body.slice(i + 1, close < 0 ? body.length : close);
      i = end;
    } else {
      while (i < body.length && /[A-Za-z0-9_-]/.test(body[i])) i++;
      name = body.slice(start, i);
    }
    segs.push({ name, span: [base + start, base + i] });
    while (body[i] === " " || body[i] === "\t") i++;
    if (body[i] !== ".") break;
    i++;
  }
  return segs;
}

export function locate(text: string, root: TableNode, offset: number): AtCursor | undefined {
  const lineStart = lineStartOf(text, offset);
  const segs = headerSegments(text, lineStart);
  if (segs) {
    const idx = segs.findIndex((s) => within(s.span, offset));
    if (idx >= 0) return { on: "header", path: segs.slice(0, idx + 1).map((s) => s.name), span: segs[idx].span };
    return undefined;
  }
  return visitTable(root, offset, []);
}
