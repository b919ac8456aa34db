/**
 * Formatting: the formatter itself (taplo) is passed in; this module refuses documents that do not parse, checks
 * that the result keeps every value and comment, and turns it into edits (only within the range, if one is given).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver-types";
import { lineDiff } from "../../../core/linediff";
import { parseToml, type ParseResult } from "../../../core/toml/parser";
import { parseDocument } from "./parse";
import { plain } from "../../../core/tree";

/** Formats a whole TOML text; may throw or reject. */
export type Formatter = (text: string, options: FormatterSettings) => Promise<string>;

/** taplo's formatter options that we set (flyctl writes 2-space indented tables and entries). */
export interface FormatterSettings {
  indentString: string;
  indentTables: boolean;
  indentEntries: boolean;
  trailingNewline: boolean;
  reorderKeys: boolean;
  allowedBlankLines: number;
}

export class FormatError extends Error {}

export function settingsFor(options: Pick<FormattingOptions, "tabSize" | "insertSpaces">): FormatterSettings {
  const indent = options.insertSpaces === false ? "\t" : " ".repeat(Math.min(Math.max(options.tabSize || 2, 1), 8));
  return { indentString: indent, indentTables: true, indentEntries: true, trailingNewline: true, reorderKeys: false, allowedBlankLines: 2 };
}

const commentsOf = (text: string, parsed: ParseResult) => parsed.comments.map(([s, e]) => text.slice(s, e).replace(/\s+$/, ""));

/**
 * Formats and verifies: the same data (values and their types) and the same comments, in the same order. The
 * input is parsed once (the language service's parse of the document, when it has one) and the output once.
 */
export async function formatText(
  text: string,
  formatter: Formatter,
  options: FormatterSettings,
  before: ParseResult = parseToml(text),
): Promise<string> {
  if (before.errors.length) throw new FormatError("fly.toml has syntax errors; fix them before formatting (nothing was changed)");
  const newer = before.toml11[0];
  if (newer)
    throw new FormatError(`the formatter (taplo) reads TOML 1.0 only, and this file uses TOML 1.1 (${newer.what}); nothing was changed`);
  let out: string;
  try {
    out = await formatter(text, options);
  } catch (e) {
    throw new FormatError(`the TOML formatter failed (${(e as Error).message.split("\n")[0]}); nothing was changed`);
  }
  const after = parseToml(out);
  if (after.errors.length) throw new FormatError("the TOML formatter produced invalid TOML; nothing was changed");
  if (JSON.stringify(plain(after.root)) !== JSON.stringify(plain(before.root)) || !sameTypes(before.root, after.root)) {
    throw new FormatError("the TOML formatter changed a value; nothing was changed");
  }
  if (JSON.stringify(commentsOf(out, after)) !== JSON.stringify(commentsOf(text, before)))
    throw new FormatError("the TOML formatter changed a comment; nothing was changed");
  return out;
}

/** The edits that format a document (within the range, if one is given). */
export async function formatDocument(
  doc: TextDocument,
  formatter: Formatter,
  options: FormatterSettings,
  range?: Range,
): Promise<TextEdit[]> {
  const text = doc.getText();
  const parsed = parseDocument(text);
  return formattingEdits(doc, await formatText(text, formatter, options, parsed.parse), range);
}

function sameTypes(a: import("../../../core/tree").Node, b: import("../../../core/tree").Node): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "value") return b.kind === "value" && a.type === b.type;
  if (a.kind === "array")
    return b.kind === "array" && a.items.length === b.items.length && a.items.every((x, i) => sameTypes(x, b.items[i]));
  if (b.kind !== "table") return false;
  for (const [k, e] of a.entries) {
    const o = b.entries.get(k);
    if (!o || !sameTypes(e.value, o.value)) return false;
  }
  return true;
}

/** Edits that turn the document into `formatted`: one per changed block of lines, only those within `range`. */
function formattingEdits(doc: TextDocument, formatted: string, range?: Range): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const h of lineDiff(doc.getText(), formatted, true)) {
    const first = h.line;
    const last = h.line + h.removed - 1;
    // a hunk outside the range is left, unless it only inserts lines at a place inside it
    if (
      range &&
      (last < range.start.line || first > range.end.line) &&
      !(h.removed === 0 && first >= range.start.line && first <= range.end.line)
    )
      continue;
    edits.push({ range: { start: doc.positionAt(h.span[0]), end: doc.positionAt(h.span[1]) }, newText: h.newText });
  }
  return edits;
}
