import type { SpanEdit } from "../../../../core/edits";
import type { Exposure, Ip } from "../../../../core/ips";
import type { AppState, Machine, Secret, Volume } from "../../../../core/live";
import { fileStyle, inStyle, type FileStyle } from "../../../../core/style";
import type { Span, TableNode } from "../../../../core/tree";
import type { ParsedDocument } from "../parse";
import { appStart, type AppStart } from "../around/app";
import type { Around } from "../around/files";
import type { FixSafety, Severity } from "./rule";
import { RULES, type RuleId } from "./registry";

/** A fix as a rule writes it; its safety is the rule's (its definition, or the case reported). */
export interface FixDraft {
  title: string;
  edits: SpanEdit[];
  /** The one obvious fix, applied by "fix all" (when it is safe, or unsafe fixes are asked for). */
  preferred?: boolean;
}

export interface Fix extends FixDraft {
  safety: FixSafety;
}

/** A place in another file (or, with an empty path, elsewhere in fly.toml) that a finding rests on. */
interface Related {
  path: string;
  /** 0-based line. */
  line: number;
  message: string;
}

/** A fix in another file (the Dockerfile): one line replaced. Offered as a quick fix only, never in bulk. */
export interface FileFix {
  title: string;
  path: string;
  /** 0-based line, its text now, and what it becomes. */
  line: number;
  oldText: string;
  newText: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  related?: Related[];
  fileFixes?: FileFix[];
}

export interface RuleContext {
  text: string;
  root: TableNode;
  /** The parse: its syntax errors and TOML 1.1 forms (the syntax rules read them). */
  doc: ParsedDocument;
  ips: Ip[] | null;
  /** The app's Machines and volumes, as flyctl lists them; null while unknown (rules that need them stay silent). */
  machines: Machine[] | null;
  volumes: Volume[] | null;
  /** The app's Fly secrets (names and statuses, never values); null while unknown. */
  secrets: Secret[] | null;
  exposure: Exposure;
  /** The files around fly.toml (Dockerfile, package.json); null where there are none to read (standard input). */
  around: Around | null;
  /** How the app starts, read from the files around fly.toml once per analysis (see ../around/app.ts). */
  appStart(): AppStart | undefined;
  report(
    rule: RuleId,
    span: Span,
    message: string,
    /** `case`: one of the rule definition's cases, which sets the severity and the fixes' safety. */
    opts?: { case?: string; fixes?: FixDraft[]; related?: Related[]; fileFixes?: FileFix[] },
  ): void;
}

/**
 * A context for the checks of one document. `enabled`: whether a rule is shown and what it needs is known (a check
 * shared by several rules runs when one of them is; the others' reports are dropped).
 */
export function createContext(
  doc: ParsedDocument,
  live: AppState,
  exposure: Exposure,
  around: Around | null,
  enabled: (rule: RuleId) => boolean,
): { ctx: RuleContext; findings: Finding[] } {
  const { text, root } = doc;
  const findings: Finding[] = [];
  let style: FileStyle | undefined;
  // the Dockerfile is read and parsed once, whichever rules ask
  let started = false;
  let start: AppStart | undefined;
  // inserted text follows the file: CRLF stays CRLF, a file of 'literal' strings gets 'literal' strings (the
  // file's style is read only for text that has a line break or a quote)
  const adapt = (e: SpanEdit): SpanEdit =>
    /["\n]/.test(e.newText) ? { span: e.span, newText: inStyle(e.newText, (style ??= fileStyle(text, root))) } : e;
  const ctx: RuleContext = {
    text,
    root,
    doc,
    ips: live.ips,
    machines: live.machines,
    volumes: live.volumes,
    secrets: live.secrets,
    exposure,
    around,
    appStart: () => {
      if (!started) [started, start] = [true, appStart(text, root, around)];
      return start;
    },
    report(rule, span, message, opts = {}) {
      const r = RULES[rule];
      if (!enabled(rule)) return;
      const c = opts.case === undefined ? undefined : r.cases?.[opts.case];
      if (opts.case !== undefined && !c) throw new Error(`${rule} has no case '${opts.case}'`);
      const def = c?.fixSafety ?? r.fixSafety;
      const safety = def === "none" ? "unsafe" : def;
      const fixes: Fix[] = [];
      for (const d of opts.fixes ?? []) {
        const x: Fix = { title: d.title, edits: d.edits.map(adapt), safety };
        if (d.preferred !== undefined) x.preferred = d.preferred;
        fixes.push(x);
      }
      const f: Finding = { rule, severity: c?.severity ?? r.severity, message, span, fixes };
      if (opts.related) f.related = opts.related;
      if (opts.fileFixes?.length) f.fileFixes = opts.fileFixes;
      findings.push(f);
    },
  };
  return { ctx, findings };
}

/** A fix; `preferred` marks the obvious one. */
export function fix(title: string, edits: SpanEdit[], preferred = true): FixDraft {
  return { title, edits, preferred };
}
