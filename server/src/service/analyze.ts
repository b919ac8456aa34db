/** Runs the checks of the rules that are on over a document: text (and what is known of the app) in, findings out. */
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

/** Which rules the host shows: `shown` (its settings, read on every call; absent: all) and the client-only ones or not. */
export interface Showing {
  shown?: (rule: RuleId) => boolean;
  /** The host has the VS Code client's commands: the rules whose only remedy is one (RuleDefinition.clientOnly) show. */
  client: boolean;
}

/** The rules that are on (in RULE_IDS' order) and the checks to run, for what is known and shown. */
interface Plan {
  on: readonly boolean[];
  checks: readonly (typeof CHECKS)[number][];
}

/** Plans where the host shows every rule: one per case of what is known and of `client` (64 at most). */
const PLANS = new Map<number, Plan>();

function planFor(known: Record<RuleNeed, boolean>, showing: Showing): Plan {
  const key = NEEDS.reduce((k, n, i) => (known[n] ? k | (1 << i) : k), showing.client ? 1 << NEEDS.length : 0);
  const kept = showing.shown ? undefined : PLANS.get(key);
  if (kept) return kept;
  const on = RULE_DEFINITIONS.map(
    (d) => (!d.needs || d.needs.every((n) => known[n])) && (showing.client || !d.clientOnly) && (!showing.shown || showing.shown(d.id)),
  );
  const plan = { on, checks: CHECKS.filter((c) => c.rules.some((i) => on[i])) };
  if (!showing.shown) PLANS.set(key, plan);
  return plan;
}

const NEEDS: readonly RuleNeed[] = ["ips", "machines", "volumes", "secrets", "files"];

export function analyze(text: string, live: Live = null, around: Around | null = null, showing: Showing = { client: true }): Analysis {
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
  const { on, checks } = planFor(known, showing);
  const enabled = (id: RuleId) => on[RULE_INDEX.get(id)!];
  const { ctx, findings } = createContext(doc, state, exposureOf(state.ips), around, enabled);
  for (const { check, rules } of checks) {
    const from = findings.length;
    check(ctx);
    // a check reports only the rules whose definition names it
    for (let k = from; k < findings.length; k++)
      if (!rules.includes(RULE_INDEX.get(findings[k].rule)!))
        throw new Error(`${findings[k].rule} is reported by a check its definition does not name (${check.name})`);
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
