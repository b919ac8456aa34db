/** Quick fixes as LSP code actions, "fix all" (safe fixes of the findings shown), and the fixes of a goal. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from "vscode-languageserver-types";
import { FIX_ALL_KIND } from "../../../core/protocol";
import { pathToFileURL } from "node:url";
import { analyze, type Showing } from "./analyze";
import type { Around } from "./around/files";
import { toDiagnostic, toRange } from "./diagnostics";
import { applyEdits, overlaps, type SpanEdit } from "../../../core/edits";
import type { Ip } from "../../../core/ips";
import type { Live } from "../../../core/live";
import { lineEdits } from "../../../core/linediff";
import { positions } from "../../../core/lines";
import { parseDocument } from "./parse";
import { ignoreEdit, suppressionsOf } from "./suppress";
import type { Node, Span, TableNode } from "../../../core/tree";
import type { Finding, Fix } from "./rules/context";
import { RULES, RULE_IDS, type FixSafety, type RuleId } from "./rules/registry";

export { FIX_ALL_KIND };

export interface FixAllOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`, or a plan the user agreed to). */
  unsafe?: boolean;
  /** Only findings this accepts (the rule groups that are on, the rules of a goal). */
  accept?: (f: Finding) => boolean;
  /** The files around fly.toml, for the rules that read them. */
  around?: Around | null;
}

export interface AppliedFix {
  rule: RuleId;
  title: string;
  safety: FixSafety;
  /** 1-based line of the finding in the text as it was given. */
  line: number;
}

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

/** The fix "fix all" would apply to a finding, if any: its preferred one, when safe (or unsafe ones are asked for). */
function bulkFix(f: Finding, o: FixAllOptions): Fix | undefined {
  const preferred = f.fixes.find((x) => x.preferred);
  if (!preferred || (preferred.safety === "unsafe" && !o.unsafe) || (o.accept && !o.accept(f))) return undefined;
  return preferred;
}

/**
 * The bulk fix of every finding, without edits that overlap one already taken, and only fixes that leave the
 * file parsing, alone and together (when they clash, the first one alone).
 */
function fixAllEdits(
  text: string,
  findings: Finding[],
  o: FixAllOptions = {},
): { edits: SpanEdit[]; taken: { finding: Finding; fix: Fix }[] } {
  const taken: { finding: Finding; fix: Fix }[] = [];
  for (const finding of findings) {
    const fix = bulkFix(finding, o);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => t.fix.edits.some((x) => overlaps(e, x))))) continue;
    if (!parses(applyEdits(text, fix.edits))) continue;
    taken.push({ finding, fix });
  }
  const all = taken.flatMap((t) => t.fix.edits);
  if (taken.length > 1 && !parses(applyEdits(text, all))) return { edits: taken[0].fix.edits, taken: taken.slice(0, 1) };
  return { edits: all, taken };
}

/**
 * Applies the bulk fixes of the findings of `text`, pass after pass while one fix makes room for another, but
 * only ever for findings that were there at the start: a finding a fix reveals is shown, never fixed unseen. A
 * file that does not parse is left alone: its tree is only what could be recovered.
 */
export function fixAllText(
  text: string,
  ips: Live = null,
  o: FixAllOptions = {},
  maxPasses = 8,
): { text: string; fixed: number; applied: AppliedFix[] } {
  const first = analyze(text, ips, o.around).findings;
  const applied: AppliedFix[] = [];
  if (first.some(isSyntax)) return { text, fixed: 0, applied };
  // what was reported, by rule and message, with the lines it was reported on
  const key = (f: Finding) => `${f.rule}\0${f.message}`;
  const reported = new Map<string, number[]>();
  const at = positions(text);
  const lineAt = (offset: number) => at(offset).line + 1;
  for (const f of first) reported.set(key(f), [...(reported.get(key(f)) ?? []), lineAt(f.span[0])]);
  let cur = text;
  for (let pass = 0; pass < maxPasses; pass++) {
    const budget = new Map([...reported].map(([k, lines]) => [k, lines.length]));
    const findings =
      pass === 0
        ? first
        : analyze(cur, ips, o.around).findings.filter((f) => {
            const left = budget.get(key(f)) ?? 0;
            budget.set(key(f), left - 1);
            return left > 0;
          });
    if (findings.some(isSyntax)) break;
    const { edits, taken } = fixAllEdits(cur, findings, o);
    if (!edits.length) break;
    const next = applyEdits(cur, edits);
    if (next === cur) break;
    for (const { finding, fix } of taken) {
      const lines = reported.get(key(finding))!;
      // on the first pass the text is the one the findings were reported on
      const here = pass === 0 ? lineAt(finding.span[0]) : lines[0];
      lines.splice(Math.max(0, lines.indexOf(here)), 1);
      applied.push({ rule: finding.rule, title: fix.title, safety: fix.safety, line: here });
    }
    cur = next;
  }
  applied.sort((a, b) => a.line - b.line);
  return { text: cur, fixed: applied.length, applied };
}

const FIX_ALL_TITLE = "Fix all safe fly.toml problems";

/** The edit of "fix all" for a document (the few lines that change), or undefined if nothing changes. */
export function fixAllEdit(doc: TextDocument, ips: Live = null, o: FixAllOptions = {}): CodeAction["edit"] | undefined {
  const text = doc.getText();
  const fixed = fixAllText(text, ips, o);
  if (fixed.fixed === 0) return undefined;
  return { changes: { [doc.uri]: toTextEdits(doc, lineEdits(text, fixed.text)) } };
}

/**
 * Quick fixes for the range, and "fix all" (safe fixes only; unsafe ones stay single quick fixes). Editors ask
 * on every cursor move, and "fix all" is several passes of analysis: with `lazyFixAll` (clients that resolve
 * code actions) it is listed without its edit, which fixAllEdit computes when the user picks it.
 */
export function codeActions(
  doc: TextDocument,
  range: Range,
  ips: Live = null,
  only?: string[],
  lazyFixAll = false,
  accept?: (f: Finding) => boolean,
  around: Around | null = null,
  showing?: Showing,
): CodeAction[] {
  const text = doc.getText();
  const analysis = analyze(text, ips, around, showing);
  const findings = analysis.findings;
  const actions: CodeAction[] = [];
  const wantQuick = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
  const wantAll = !only || only.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source);
  if (wantQuick) {
    for (const f of findings) {
      if ((!f.fixes.length && !f.fileFixes) || !intersects(doc, f, range)) continue;
      const diagnostic = toDiagnostic(doc, f);
      // the Dockerfile's one-flag edit: a quick fix of its own, in that file, never part of fix all
      for (const ff of f.fileFixes ?? []) {
        const line = { start: { line: ff.line, character: 0 }, end: { line: ff.line, character: ff.oldText.length } };
        actions.push({
          title: ff.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [pathToFileURL(ff.path).toString()]: [{ range: line, newText: ff.newText }] } },
        });
      }
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
    // accepting a finding on purpose, as ESLint's "disable for this line": a comment on its line, never in bulk
    const { comments } = analysis.doc.parse;
    const sups = suppressionsOf(text, comments);
    const multiline = multilineStrings(analysis.doc.root);
    for (const f of findings) {
      if (UNSUPPRESSIBLE.has(f.rule) || !intersects(doc, f, range)) continue;
      const edit = ignoreEdit(text, f, sups, comments, multiline);
      if (!edit) continue;
      actions.push({
        title: `Ignore ${f.rule} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(doc, f)],
        edit: { changes: { [doc.uri]: toTextEdits(doc, [edit]) } },
      });
    }
  }
  // nothing to fix all without a safe preferred fix (and a file that does not parse is never fixed in bulk)
  if (wantAll && findings.some((f) => bulkFix(f, {})) && !findings.some(isSyntax)) {
    if (lazyFixAll) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAll: doc.uri } });
    else {
      const edit = fixAllEdit(doc, ips, { accept, around });
      if (edit) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit });
    }
  }
  return actions;
}

/** A file that does not parse cannot be accepted on purpose (flyctl reads none of it); nor can a suppression itself. */
const UNSUPPRESSIBLE = new Set<RuleId>(["toml-syntax", "toml-duplicate-key", "unused-suppression"]);

/** The spans of the multi-line strings, where a comment cannot go. */
function multilineStrings(root: TableNode): Span[] {
  const out: Span[] = [];
  const walk = (n: Node) => {
    if (n.kind === "value") {
      if (n.quote === '"""' || n.quote === "'''") out.push(n.span);
    } else if (n.kind === "array") n.items.forEach(walk);
    else for (const e of n.entries.values()) walk(e.value);
  };
  walk(root);
  return out;
}

/**
 * What "Make app private" changes in a fly.toml: the fixes of the Flycast rules, against the addresses the app
 * will have, and nothing else. autostop-without-autostart joins when it is an error (no Machine is left
 * running): a private app whose Machines stop and never start again does not answer on Flycast at all.
 */
export const PRIVATE_GOAL: Partial<Record<RuleId, string>> = Object.fromEntries(
  RULE_IDS.flatMap((id) => {
    const why = RULES[id].privateWhy;
    return why ? [[id, why]] : [];
  }),
);

export function privateAppFixes(
  text: string,
  futureIps: readonly Ip[],
): { text: string; fixes: (AppliedFix & { why: string })[]; problem?: string } {
  if (parseDocument(text).errors.length)
    return { text, fixes: [], problem: "it has TOML syntax errors, so it is left as it is: fix them first" };
  const fixed = fixAllText(text, futureIps, {
    unsafe: true,
    accept: (f) => f.rule in PRIVATE_GOAL && (f.rule !== "autostop-without-autostart" || f.severity === "error"),
  });
  return { text: fixed.text, fixes: fixed.applied.map((a) => ({ ...a, why: PRIVATE_GOAL[a.rule]! })) };
}
