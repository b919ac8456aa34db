/**
 * Completion: keys valid at the cursor, table headers, enum values and snippets. The context comes from the
 * text around the cursor (the line being typed rarely parses), the existing keys from the tolerant parse.
 */
import { lineStartOf } from "../../../core/lines";
import { inlineAt } from "./inline-at";
import type { TextDocument } from "vscode-languageserver-textdocument";
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from "vscode-languageserver-types";
import type { IRNode } from "../../../schemas/ir";
import { model } from "../../../schemas/runtime";
import { typeName } from "./hover";
import { headerSegments } from "./locate";
import { parseDocument } from "./parse";
import { privateHttpService } from "./rules/flycast";
import type { TableNode } from "../../../core/tree";
import { processNames } from "./flyctl-view";

export interface CompletionOptions {
  /** Whether the client accepts snippet syntax ($1, ${1|a,b|}). */
  snippets?: boolean;
}

/** Aliases and legacy spellings flyctl accepts but completion never proposes. */
const HIDDEN = new Set(["mount", "compute", "computes", "metric", "build_target"]);

function documentation(node: IRNode): CompletionItem["documentation"] {
  const m = node.meta;
  if (!m?.description) return undefined;
  return {
    kind: MarkupKind.Markdown,
    value: `${m.description}${m.default ? `\n\nDefault: ${m.default}` : ""}${m.docs ? `\n\n[Fly docs](${m.docs})` : ""}`,
  };
}

/** Section paths of the model: tables and arrays of tables, for `[` and `[[` headers. */
function sectionPaths(): { path: string; array: boolean; node: IRNode }[] {
  const out: { path: string; array: boolean; node: IRNode }[] = [];
  const walk = (n: IRNode, prefix: string, depth: number) => {
    if (depth > 4) return;
    const t = model.table(n);
    if (!t || t.k !== "table" || !t.keys) return;
    for (const [k, i] of Object.entries(t.keys)) {
      if (HIDDEN.has(k)) continue;
      const child = model.node(i);
      if (child.meta?.legacy) continue;
      const path = prefix ? `${prefix}.${k}` : k;
      const opts = model.options(child).filter((o) => !o.meta?.coerced && !o.meta?.legacy);
      const asArray = opts.some((o) => o.k === "array" && ["table", "record"].includes(model.node(o.item!).k));
      const asTable = opts.some((o) => o.k === "table" || o.k === "record");
      if (asArray) out.push({ path, array: true, node: child });
      else if (asTable) out.push({ path, array: false, node: child });
      if (asArray || asTable) walk(child, path, depth + 1);
    }
  };
  walk(model.root, "", 0);
  return out;
}

let sections: ReturnType<typeof sectionPaths> | undefined;

function lineAt(text: string, offset: number): { start: number; before: string; after: string } {
  const start = lineStartOf(text, offset);
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  return { start, before: text.slice(start, offset), after: text.slice(offset, end) };
}

/** The table path of the section the cursor is in: the nearest header above it. */
function sectionAt(text: string, lineStart: number): { path: string[]; start: number } {
  let pos = lineStart;
  while (pos > 0) {
    const prev = lineStartOf(text, pos - 1);
    const segs = headerSegments(text, prev);
    if (segs && segs.length && segs.every((s) => s.name)) return { path: segs.map((s) => s.name), start: prev };
    pos = prev;
  }
  return { path: [], start: 0 };
}

/** Keys already written in the section (text-based: works while the file does not parse). */
function keysInSection(text: string, sectionStart: number, lineStart: number, prefix: string[]): Set<string> {
  const keys = new Set<string>();
  let end = text.length;
  const next = /^[ \t]*\[/gm;
  next.lastIndex = lineStart + 1;
  const m = next.exec(text);
  if (m) end = m.index;
  const body = text.slice(sectionStart, end);
  const re = /^[ \t]*([A-Za-z0-9_.-]+)[ \t]*=/gm;
  for (const k of body.matchAll(re)) {
    const parts = k[1].split(".");
    if (parts.length === prefix.length + 1 && prefix.every((p, i) => parts[i] === p)) keys.add(parts[parts.length - 1]);
  }
  return keys;
}

/** Keys already written in an inline table: from its `{` to the first `}` after the cursor. */
function keysInInline(text: string, open: number, offset: number): Set<string> {
  const close = text.indexOf("}", offset);
  const body = text.slice(open + 1, close < 0 ? text.length : close);
  return new Set([...body.matchAll(/(?:^|[{,\n])[ \t]*([A-Za-z0-9_-]+)[ \t]*=/g)].map((m) => m[1]));
}

function valueSnippet(node: IRNode, snippets: boolean): string {
  const values = model.enumValues(node);
  const kinds = model.options(node).filter((o) => !o.meta?.coerced && !o.meta?.legacy);
  if (values && kinds.some((o) => o.k === "enum")) {
    const vs = Object.keys(values).filter((v) => v !== "");
    return snippets ? `"\${1|${vs.join(",")}|}"` : `"${vs[0]}"`;
  }
  if (kinds.some((o) => o.k === "boolean")) return snippets ? "${1|true,false|}" : "true";
  if (node.meta?.durationUnit) return snippets ? '"${1:10s}"' : '"10s"';
  if (kinds.some((o) => o.k === "int" || o.k === "number")) {
    const d = /^\d+/.exec(String(node.meta?.default ?? ""))?.[0] ?? "0";
    return snippets ? `\${1:${d}}` : d;
  }
  if (kinds.some((o) => o.k === "array")) return snippets ? '["$1"]' : '[""]';
  return snippets ? '"$1"' : '""';
}

function keyItems(table: IRNode, existing: Set<string>, range: Range, snippets: boolean): CompletionItem[] {
  const t = model.table(table);
  if (!t || t.k !== "table" || !t.keys) return [];
  const items: CompletionItem[] = [];
  for (const [k, i] of Object.entries(t.keys)) {
    if (existing.has(k) || HIDDEN.has(k)) continue;
    const node = model.node(i);
    if (node.meta?.legacy) continue;
    const kinds = model.options(node).filter((o) => !o.meta?.coerced && !o.meta?.legacy);
    // sub-tables and arrays of tables are written as headers; inline tables only where nothing else fits
    const tableOnly = kinds.every(
      (o) => o.k === "table" || o.k === "record" || (o.k === "array" && ["table", "record"].includes(model.node(o.item!).k)),
    );
    if (tableOnly && kinds.length) continue;
    items.push({
      label: k,
      kind: CompletionItemKind.Property,
      detail: `${typeName(node)}${node.meta?.default ? ` · default ${node.meta.default}` : ""}`,
      documentation: documentation(node),
      textEdit: { range, newText: `${k} = ${valueSnippet(node, snippets)}` },
      insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: `1${k}`,
    });
  }
  return items;
}

function snippetItems(range: Range, snippets: boolean, hasHttpService: boolean): CompletionItem[] {
  const items: CompletionItem[] = [];
  const port = snippets ? "${1:8080}" : "8080";
  const add = (label: string, detail: string, body: string, filter: string) =>
    items.push({
      label,
      kind: CompletionItemKind.Snippet,
      detail,
      filterText: filter,
      textEdit: { range, newText: body },
      insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // after the keys of the table the cursor is in (they sort as 1…)
      sortText: `2${label}`,
    });
  if (!hasHttpService) {
    add(
      "http_service (private, Flycast)",
      "A private app's [http_service]: HTTP only, autostop and autostart",
      privateHttpService(8080).replace("internal_port = 8080", `internal_port = ${port}`),
      "http_service private flycast",
    );
  }
  // with an [http_service] (which serves 80 and 443) this would expose the same ports twice
  if (!hasHttpService)
    add(
      "[[services]] with ports 80 and 443",
      "A TCP service with the standard HTTP/HTTPS ports",
      [
        "[[services]]",
        `  internal_port = ${port}`,
        '  protocol = "tcp"',
        `  auto_stop_machines = "stop"`,
        "  auto_start_machines = true",
        "  min_machines_running = 0",
        "",
        "  [[services.ports]]",
        "    port = 80",
        '    handlers = ["http"]',
        "",
        "  [[services.ports]]",
        "    port = 443",
        '    handlers = ["tls", "http"]',
      ].join("\n"),
      "services ports",
    );
  const size = snippets ? "${1|shared-cpu-1x,shared-cpu-2x,shared-cpu-4x,performance-1x,performance-2x|}" : "shared-cpu-1x";
  const memory = snippets ? "${2:512mb}" : "512mb";
  add("[[vm]]", "Machine size", ["[[vm]]", `  size = "${size}"`, `  memory = "${memory}"`].join("\n"), "vm size memory");
  return items;
}

interface Cursor {
  doc: TextDocument;
  position: Position;
  offset: number;
  root: TableNode;
  before: string;
  after: string;
}

export function complete(doc: TextDocument, position: Position, opts: CompletionOptions = {}): CompletionList {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const { start: lineStart, before, after } = lineAt(text, offset);
  const at: Cursor = { doc, position, offset, root: parseDocument(text).root, before, after };
  // a table header: [http_service.conc| or [[serv|
  const header = /^([ \t]*)(\[\[?)[ \t]*([A-Za-z0-9_.-]*)$/.exec(before);
  if (header) return { isIncomplete: false, items: headerItems(at, header[2] === "[[", header[3]) };

  const section = sectionAt(text, lineStart);
  let path: (string | number)[] = section.path;
  // inside an inline table, on its line or (TOML 1.1) a later one: key = { a = 1, |
  const inline = inlineAt(text, section.start, offset);
  let fragment = before;
  if (inline) {
    path = [...path, ...inline.path];
    fragment = text.slice(Math.max(inline.pairStart, lineStart), offset);
  }
  // a value: key = |
  const value = /^[ \t]*([A-Za-z0-9_.-]+)[ \t]*=[ \t]*(\[?[ \t]*)("?)([A-Za-z0-9_.-]*)$/.exec(fragment);
  if (value) return { isIncomplete: false, items: valueItems(at, [...path, ...value[1].split(".")], value[4], value[3] === '"') };

  // a key: |  or  concurrency.|  (dotted)
  const key = /^[ \t]*((?:[A-Za-z0-9_-]+\.)*)([A-Za-z0-9_-]*)$/.exec(fragment);
  if (!key) return { isIncomplete: false, items: [] };
  const prefix = key[1] ? key[1].slice(0, -1).split(".") : [];
  const tablePath = [...path, ...prefix];
  const node = tablePath.length ? model.at(tablePath) : model.root;
  const range: Range = { start: doc.positionAt(offset - key[2].length), end: position };
  const items: CompletionItem[] = [];
  if (node) {
    const existing = inline ? keysInInline(text, inline.open, offset) : keysInSection(text, section.start, lineStart, prefix);
    items.push(...keyItems(node, existing, range, opts.snippets ?? false));
  }
  if (!inline && !prefix.length && /^[ \t]*$/.test(before.slice(0, before.length - key[2].length))) {
    items.push(
      ...snippetItems({ start: doc.positionAt(lineStart), end: position }, opts.snippets ?? false, at.root.entries.has("http_service")),
    );
  }
  return { isIncomplete: false, items };
}

/** Table headers not yet in the document (an array of tables can always take one more). */
function headerItems(at: Cursor, array: boolean, typed: string): CompletionItem[] {
  const range: Range = { start: at.doc.positionAt(at.offset - typed.length), end: at.position };
  const close = /^[ \t]*\]/.test(at.after) ? "" : array ? "]]" : "]";
  const items: CompletionItem[] = [];
  sections ??= sectionPaths();
  for (const s of sections) {
    if (s.array !== array) continue;
    if (!array && at.root.entries.has(s.path.split(".")[0]) && !s.path.includes(".")) continue;
    if (!array && s.path.includes(".")) {
      const [first, ...rest] = s.path.split(".");
      let t = at.root.entries.get(first)?.value;
      for (const k of rest) t = t?.kind === "table" ? t.entries.get(k)?.value : undefined;
      if (t) continue;
    }
    items.push({
      label: s.path,
      kind: array ? CompletionItemKind.Module : CompletionItemKind.Class,
      detail: array ? "array of tables" : "table",
      documentation: documentation(s.node),
      textEdit: { range, newText: `${s.path}${close}` },
      sortText: `${s.path.split(".").length}${s.path}`,
    });
  }
  return items;
}

/** The values of a key: its allowed strings (the file's process groups for `processes`), or true and false. */
function valueItems(at: Cursor, keyPath: (string | number)[], typed: string, quoted: boolean): CompletionItem[] {
  const node = model.at(keyPath);
  if (!node) return [];
  const range: Range = { start: at.doc.positionAt(at.offset - typed.length - (quoted ? 1 : 0)), end: at.position };
  const closing = quoted && at.after.startsWith('"') ? "" : '"';
  const key = keyPath[keyPath.length - 1];
  const values =
    key === "processes"
      ? Object.fromEntries(processNames(at.root).names.map((n) => [n, "A process group of this app."]))
      : model.enumValues(node);
  const items: CompletionItem[] = [];
  for (const [v, sentence] of Object.entries(values ?? {})) {
    if (v === "") continue;
    items.push({
      label: `"${v}"`,
      kind: CompletionItemKind.EnumMember,
      documentation: sentence || undefined,
      textEdit: { range, newText: `"${v}${closing}` },
      filterText: `"${v}`,
    });
  }
  if (!quoted && model.options(node).some((o) => o.k === "boolean" && !o.meta?.coerced)) {
    for (const b of ["true", "false"]) items.push({ label: b, kind: CompletionItemKind.Value, textEdit: { range, newText: b } });
  }
  return items;
}
