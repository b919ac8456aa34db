/** Runs every rule over a document: text (and the app's IPs) in, findings out. */
import { exposureOf } from "../../../core/ips";
import { liveOf, type Live } from "../../../core/live";
import type { Around } from "./around/files";
import { parseDocument, type ParsedDocument } from "./parse";
import { createContext, fix, type Finding } from "./rules/context";
import { CHECKS, RULE_DEFINITIONS, RULE_INDEX, RULES, type RuleId } from "./rules/registry";
import { removeId, suppress, suppressionsOf } from "./suppress";
import type { RuleNeed } from "./rules/rule";

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
  // what a rule needs besides fly.toml is known (its definition says what): else its check does not run
  const known: Record<RuleNeed, boolean> = {
    ips: state.ips !== null,
    machines: state.machines !== null,
    volumes: state.volumes !== null,
    secrets: state.secrets !== null,
    files: !!around,
  };
  // asked once per rule and analysis (the host's settings may be read on every call), kept in RULE_IDS' order
  const on = RULE_DEFINITIONS.map(({ id, needs }) => (!needs || needs.every((n) => known[n])) && shows(id));
  const enabled = (id: RuleId) => on[RULE_INDEX.get(id)!];
  const { ctx, findings, run } = createContext(doc, state, exposureOf(state.ips), around, enabled);
  for (const { check, rules } of CHECKS) {
    let any = false;
    for (const i of rules) any ||= on[i];
    if (any) run(check);
  }
  const sups = suppressionsOf(text, doc.parse.comments);
  if (sups.length) {
    const { kept, used } = suppress(text, findings, sups);
    findings.length = 0;
    findings.push(...kept);
    // a known rule's suppression is unused for certain only when its check ran with all it reads
    const certain = (id: RuleId) => enabled(id) && (RULES[id].reads ?? []).every((n) => known[n]);
    sups.forEach((s, i) => {
      for (const x of s.ids) {
        if (used[i].has(x.id)) continue;
        const isRule = Object.hasOwn(RULES, x.id);
        if (isRule && !certain(x.id as RuleId)) continue;
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
