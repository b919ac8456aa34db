/** Runs every rule over a document: text (and the app's IPs) in, findings out. */
import { exposureOf } from "../../../core/ips";
import { liveOf, type Live } from "../../../core/live";
import type { Around } from "./around/files";
import { parseDocument, type ParsedDocument } from "./parse";
import { createContext, fix, type Finding } from "./rules/context";
import { FAMILIES, RULES, type RuleId } from "./rules/registry";
import { removeId, suppress, suppressionsOf } from "./suppress";
import type { RuleInfo, RuleNeed } from "./rules/rule";

export interface Analysis {
  doc: ParsedDocument;
  findings: Finding[];
}

/**
 * `shows`: whether a rule is shown at all (its group on, …): a suppression of a rule that is not is never called
 * unused.
 */
export function analyze(
  text: string,
  live: Live = null,
  around: Around | null = null,
  shows: (rule: RuleId) => boolean = () => true,
): Analysis {
  const doc = parseDocument(text);
  const state = liveOf(live);
  const { ctx, findings } = createContext(text, doc.root, state, exposureOf(state.ips), RULES, around);
  for (const e of doc.errors) ctx.report(e.duplicate ? "toml-duplicate-key" : "toml-syntax", e.span, e.message);
  for (const u of doc.parse.toml11)
    ctx.report(
      "toml-1-1-form",
      u.span,
      `TOML 1.1: ${u.what}. flyctl reads it, but TOML 1.0 tools (taplo, Even Better TOML) report it as an error.`,
    );
  for (const family of FAMILIES) family(ctx);
  const sups = suppressionsOf(text, doc.parse.comments);
  if (sups.length) {
    const { kept, used } = suppress(text, findings, sups);
    findings.length = 0;
    findings.push(...kept);
    // a known rule's suppression is unused for certain only when nothing it needs was missing (its definition says what)
    const known: Record<RuleNeed, boolean> = {
      ips: state.ips !== null,
      machines: state.machines !== null,
      volumes: state.volumes !== null,
      secrets: state.secrets !== null,
      files: !!around,
    };
    const certain = (id: RuleId) => ((RULES as Record<RuleId, RuleInfo>)[id].needs ?? []).every((n) => known[n]);
    sups.forEach((s, i) => {
      for (const x of s.ids) {
        if (used[i].has(x.id)) continue;
        const isRule = Object.hasOwn(RULES, x.id);
        if (isRule && (!certain(x.id as RuleId) || !shows(x.id as RuleId))) continue;
        ctx.report(
          "unused-suppression",
          x.span,
          isRule
            ? `This suppresses nothing: there is no ${x.id} finding ${s.line === -1 ? "in this file" : "on its line"}; remove it.`
            : `${x.id} is not a rule of fly-toml (fly-toml rule --all lists them), so this suppresses nothing; remove it.`,
          { fixes: [fix(`Remove ${x.id} from the suppression`, [removeId(text, s, x)])] },
        );
      }
    });
  }
  findings.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  return { doc, findings };
}
