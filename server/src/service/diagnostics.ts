/** Findings as LSP diagnostics. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { pathToFileURL } from "node:url";
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from "vscode-languageserver-types";
import { analyze } from "./analyze";
import type { Live } from "../../../core/live";
import type { Finding } from "./rules/context";
import { type Severity } from "./rules/registry";
import { ruleDocUrl } from "./rules/rule";
import type { Span } from "../../../core/tree";

const SOURCE = "fly.toml";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span[0]), end: doc.positionAt(span[1]) };
}

/** A related place as an LSP location: a file around fly.toml (by its path on disk), or a line of fly.toml itself. */
function relatedLocation(doc: TextDocument, r: NonNullable<Finding["related"]>[number]): DiagnosticRelatedInformation {
  const range = { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } };
  return { location: { uri: r.path ? pathToFileURL(r.path).toString() : doc.uri, range }, message: r.message };
}

export function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: toRange(doc, f.span),
    severity: SEVERITY[f.severity],
    code: f.rule,
    // the rule's own page (what, why, an example, fix safety); the Fly docs are linked from there and from the hover
    codeDescription: { href: ruleDocUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    data: { fixable: f.fixes.length > 0 },
  };
  if (f.related) d.relatedInformation = f.related.map((r) => relatedLocation(doc, r));
  return d;
}

export function validate(doc: TextDocument, ips: Live = null): Diagnostic[] {
  return analyze(doc.getText(), ips).findings.map((f) => toDiagnostic(doc, f));
}
