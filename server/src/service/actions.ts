/** Quick fixes as LSP code actions, and "fix all". */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from "vscode-languageserver-types";
import { analyze } from "./analyze";
import { toDiagnostic, toRange } from "./diagnostics";
import { applyEdits, overlaps, type SpanEdit } from "./edits";
import type { Ip } from "./ips";
import { parseDocument } from "./parse";
import type { Finding, Fix } from "./rules/context";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.flyToml`;

function toTextEdits(doc: TextDocument, edits: SpanEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText }));
}

function intersects(doc: TextDocument, f: Finding, range: Range): boolean {
  const s = doc.offsetAt(range.start);
  const e = doc.offsetAt(range.end);
  return f.span[0] <= e && s <= f.span[1];
}

const isSyntax = (f: Finding) => f.rule === "toml-syntax" || f.rule === "toml-duplicate-key";
const parses = (text: string) => parseDocument(text).errors.length === 0;

/**
 * The preferred fix of every finding, without edits that overlap one already taken, and only fixes that leave
 * the file parsing, alone and together (when they clash, the first one alone).
 */
export function fixAllEdits(text: string, findings: Finding[]): SpanEdit[] {
  const taken: Fix[] = [];
  for (const f of findings) {
    const preferred = f.fixes.find((x) => x.preferred);
    if (!preferred) continue;
    if (preferred.edits.some((e) => taken.some((t) => t.edits.some((x) => overlaps(e, x))))) continue;
    if (!parses(applyEdits(text, preferred.edits))) continue;
    taken.push(preferred);
  }
  const all = taken.flatMap((t) => t.edits);
  if (taken.length > 1 && !parses(applyEdits(text, all))) return taken[0].edits;
  return all;
}

/**
 * Applies fix-all until nothing changes (a fix can make another possible). A file that does not parse is left
 * alone: its tree is only what could be recovered, and a batch of edits must not guess around the broken part.
 */
export function fixAllText(text: string, ips: readonly Ip[] | null = null, maxPasses = 8): { text: string; fixed: number } {
  let cur = text;
  let fixed = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const { findings } = analyze(cur, ips);
    if (findings.some(isSyntax)) break;
    const edits = fixAllEdits(cur, findings);
    if (!edits.length) break;
    const next = applyEdits(cur, edits);
    if (next === cur) break;
    fixed += edits.length;
    cur = next;
  }
  return { text: cur, fixed };
}

const FIX_ALL_TITLE = "Fix all auto-fixable fly.toml problems";

/** The edit of "fix all" for a document: the whole text replaced by its fixed version, or undefined if nothing changes. */
export function fixAllEdit(doc: TextDocument, ips: readonly Ip[] | null = null): CodeAction["edit"] | undefined {
  const text = doc.getText();
  const fixed = fixAllText(text, ips);
  if (fixed.fixed === 0) return undefined;
  return { changes: { [doc.uri]: [{ range: { start: doc.positionAt(0), end: doc.positionAt(text.length) }, newText: fixed.text }] } };
}

/**
 * Quick fixes for the range, and "fix all". Editors ask on every cursor move, and "fix all" is several passes of
 * analysis: with `lazyFixAll` (clients that resolve code actions) it is listed without its edit, which
 * fixAllEdit computes when the user picks it.
 */
export function codeActions(doc: TextDocument, range: Range, ips: readonly Ip[] | null = null, only?: string[], lazyFixAll = false): CodeAction[] {
  const text = doc.getText();
  const { findings } = analyze(text, ips);
  const actions: CodeAction[] = [];
  const wantQuick = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
  const wantAll = !only || only.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source);
  if (wantQuick) {
    for (const f of findings) {
      if (!f.fixes.length || !intersects(doc, f, range)) continue;
      const diagnostic = toDiagnostic(doc, f);
      for (const fx of f.fixes) {
        actions.push({
          title: fx.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fx.preferred || undefined,
          edit: { changes: { [doc.uri]: toTextEdits(doc, fx.edits) } },
        });
      }
    }
  }
  // nothing to fix all without a preferred fix (and a file that does not parse is never fixed in bulk)
  if (wantAll && findings.some((f) => f.fixes.some((x) => x.preferred)) && !findings.some(isSyntax)) {
    if (lazyFixAll) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAll: doc.uri } });
    else {
      const edit = fixAllEdit(doc, ips);
      if (edit) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit });
    }
  }
  return actions;
}
