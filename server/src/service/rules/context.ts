import type { SpanEdit } from "../edits";
import type { Exposure, Ip } from "../ips";
import type { Span, TableNode } from "../tree";
import { RULES, type RuleId, type Severity } from "./registry";

export interface Fix {
  title: string;
  edits: SpanEdit[];
  /** The one obvious fix, applied by "fix all". */
  preferred?: boolean;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
}

export interface RuleContext {
  text: string;
  root: TableNode;
  ips: Ip[] | null;
  exposure: Exposure;
  report(rule: RuleId, span: Span, message: string, opts?: { severity?: Severity; fixes?: Fix[] }): void;
}

export type Rule = (ctx: RuleContext) => void;

export function createContext(text: string, root: TableNode, ips: Ip[] | null, exposure: Exposure): { ctx: RuleContext; findings: Finding[] } {
  const findings: Finding[] = [];
  const ctx: RuleContext = {
    text,
    root,
    ips,
    exposure,
    report(rule, span, message, opts = {}) {
      findings.push({ rule, severity: opts.severity ?? RULES[rule].severity, message, span, fixes: opts.fixes ?? [] });
    },
  };
  return { ctx, findings };
}

/** A fix that the rule's author marks as the obvious one. */
export function fix(title: string, edits: SpanEdit[], preferred = true): Fix {
  return { title, edits, preferred };
}
