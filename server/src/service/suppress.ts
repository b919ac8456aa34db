/**
 * Suppression comments, as linters have them: `# fly-toml: ignore[rule-id, …]` at the end of a line (its findings)
 * or alone on the line above (the next line's), `# fly-toml: ignore-file[rule-id, …]` anywhere (the whole file). flyctl
 * reads them as comments, so they cost the app nothing. One that suppresses nothing is reported (unused-suppression,
 * as ruff's unused-noqa), where that is certain.
 */
import { lineEndOf, lineStartOf } from "../../../core/lines";
import type { SpanEdit } from "../../../core/edits";
import type { Span } from "../../../core/tree";
import type { Finding } from "./rules/context";

const DIRECTIVE = /^#[ \t]*fly-toml:[ \t]*ignore(-file)?\[([^\]]*)\]/;

interface Suppression {
  /** The start offset of the line whose findings it suppresses; -1: the whole file. */
  line: number;
  comment: Span;
  ids: { id: string; span: Span }[];
  /** The comment is alone on its line. */
  alone: boolean;
}

/** The suppression comments among a document's comments (none, and no work, in nearly every file). */
export function suppressionsOf(text: string, comments: Span[]): Suppression[] {
  if (!text.includes("fly-toml:")) return [];
  const out: Suppression[] = [];
  for (const [s, e] of comments) {
    const m = DIRECTIVE.exec(text.slice(s, e));
    if (!m) continue;
    const listStart = s + m[0].indexOf("[") + 1;
    const ids: Suppression["ids"] = [];
    for (const part of m[2].matchAll(/[^,\s]+/g))
      ids.push({ id: part[0], span: [listStart + part.index, listStart + part.index + part[0].length] });
    const lineStart = lineStartOf(text, s);
    const alone = text.slice(lineStart, s).trim() === "";
    out.push({ line: m[1] ? -1 : alone ? nextCodeLine(text, s) : lineStart, comment: [s, e], ids, alone });
  }
  return out;
}

/** The next line after `offset`'s that holds something besides white space and a comment (its start offset). */
function nextCodeLine(text: string, offset: number): number {
  for (let nl = text.indexOf("\n", offset); nl >= 0; nl = text.indexOf("\n", nl + 1)) {
    const line = text.slice(nl + 1, lineEndOf(text, nl + 1)).trim();
    if (line && !line.startsWith("#")) return nl + 1;
  }
  return text.length + 1; // nothing below: it suppresses nothing
}

/** The findings the suppressions leave, and for each suppression the ids that suppressed something. */
export function suppress(text: string, findings: Finding[], sups: Suppression[]): { kept: Finding[]; used: Set<string>[] } {
  const used = sups.map(() => new Set<string>());
  const kept = findings.filter((f) => {
    const line = lineStartOf(text, f.span[0]);
    let hit = false;
    sups.forEach((s, i) => {
      if ((s.line === -1 || s.line === line) && s.ids.some((x) => x.id === f.rule)) {
        used[i].add(f.rule);
        hit = true;
      }
    });
    return !hit;
  });
  return { kept, used };
}

/** Removes one id from a suppression: the whole comment when it is the only one (its line, when alone on it). */
export function removeId(text: string, s: Suppression, id: { span: Span }): SpanEdit {
  if (s.ids.length > 1) {
    const i = s.ids.indexOf(id as Suppression["ids"][number]);
    // with the comma after it, or (the last one) the comma before it
    const span: Span = i < s.ids.length - 1 ? [id.span[0], s.ids[i + 1].span[0]] : [s.ids[i - 1].span[1], id.span[1]];
    return { span, newText: "" };
  }
  if (s.alone) {
    const start = lineStartOf(text, s.comment[0]);
    const nl = text.indexOf("\n", s.comment[1]);
    return { span: [start, nl < 0 ? text.length : nl + 1], newText: "" };
  }
  let start = s.comment[0];
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  return { span: [start, s.comment[1]], newText: "" };
}

/**
 * "Ignore rule-id on this line": the id added to the line's suppression comment, or a comment at the end of the line,
 * or (when the line ends in another comment) one alone on the line above. Undefined where a comment cannot go (the
 * line ends inside a multi-line string).
 */
export function ignoreEdit(
  text: string,
  f: Finding,
  sups: Suppression[],
  comments: Span[],
  multilineStrings: Span[],
): SpanEdit | undefined {
  const lineStart = lineStartOf(text, f.span[0]);
  const lineEnd = lineEndOf(text, f.span[0]);
  if (multilineStrings.some(([s, e]) => s < lineEnd && lineEnd < e)) return undefined;
  const own = sups.find((s) => s.line === lineStart && !s.alone && s.ids.length);
  if (own) return { span: [own.ids.at(-1)!.span[1], own.ids.at(-1)!.span[1]], newText: `, ${f.rule}` };
  const comment = `# fly-toml: ignore[${f.rule}]`;
  const line = text.slice(lineStart, lineEnd);
  // another comment (as the parser found it) ends the line: the suppression goes alone on the line above, indented like it
  if (comments.some(([s]) => s >= lineStart && s < lineEnd)) {
    const indent = /^[ \t]*/.exec(line)![0];
    const nl = text[lineEnd] === "\r" ? "\r\n" : "\n";
    return { span: [lineStart, lineStart], newText: `${indent}${comment}${nl}` };
  }
  return { span: [lineEnd, lineEnd], newText: ` ${comment}` };
}
