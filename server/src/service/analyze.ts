/** Runs every rule over a document: text (and the app's IPs) in, findings out. */
import { exposureOf, type Ip } from "../../../core/ips";
import { parseDocument, type ParsedDocument } from "./parse";
import { autostopRules } from "./rules/autostop";
import { checkRules } from "./rules/checks";
import { concurrencyRules } from "./rules/concurrency";
import { createContext, type Finding, type Rule } from "./rules/context";
import { flycastRules } from "./rules/flycast";
import { processRules } from "./rules/processes";
import { sectionRules } from "./rules/sections";
import { servicesRules } from "./rules/services";
import { checkShape } from "./rules/shape";

const RULE_GROUPS: Rule[] = [checkShape, flycastRules, autostopRules, concurrencyRules, servicesRules, checkRules, processRules, sectionRules];

export interface Analysis {
  doc: ParsedDocument;
  findings: Finding[];
}

export function analyze(text: string, ips: readonly Ip[] | null = null): Analysis {
  const doc = parseDocument(text);
  const { ctx, findings } = createContext(text, doc.root, ips ? [...ips] : null, exposureOf(ips));
  for (const e of doc.errors) ctx.report(e.duplicate ? "toml-duplicate-key" : "toml-syntax", e.span, e.message);
  for (const rule of RULE_GROUPS) rule(ctx);
  findings.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  return { doc, findings };
}
