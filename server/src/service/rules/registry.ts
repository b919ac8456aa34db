/**
 * Every rule, in the order their checks run (the shape of the document first) and the docs list them: each family
 * file defines its rules (defineRule). The ids are a public interface: the code of every diagnostic; docs/rules.md
 * and the README's table are generated from RULES.
 */
import { ADDRESS_RULES } from "./addresses";
import { APP_NAME_RULES } from "./app-name";
import { AROUND_RULES } from "./around";
import { AUTOSTOP_RULES } from "./autostop";
import { CHECKS_RULES } from "./checks";
import { CONCURRENCY_RULES } from "./concurrency";
import { DEPLOY_RULES } from "./deploy";
import { FLYCAST_RULES } from "./flycast";
import { HEALTH_RULES } from "./health";
import { LIVE_RULES } from "./live";
import { PROCESS_RULES } from "./processes";
import { RELEASE_RULES } from "./release";
import { SECRET_RULES } from "./secrets";
import { SECTION_RULES } from "./sections";
import { SERVICES_RULES } from "./services";
import { SHAPE_RULES } from "./shape";
import { checksOf, type Check, type RuleDefinition } from "./rule";

export type { FixSafety, RuleDefinition, Severity } from "./rule";

const DEFINITIONS = [
  ...SHAPE_RULES,
  ...FLYCAST_RULES,
  ...AUTOSTOP_RULES,
  ...CONCURRENCY_RULES,
  ...SERVICES_RULES,
  ...CHECKS_RULES,
  ...PROCESS_RULES,
  ...SECTION_RULES,
  ...LIVE_RULES,
  ...AROUND_RULES,
  ...RELEASE_RULES,
  ...DEPLOY_RULES,
  ...ADDRESS_RULES,
  ...HEALTH_RULES,
  ...APP_NAME_RULES,
  ...SECRET_RULES,
];

export type RuleId = (typeof DEFINITIONS)[number]["id"];
export const RULES = Object.fromEntries(DEFINITIONS.map((d) => [d.id, d])) as Record<RuleId, RuleDefinition<RuleId>>;
export const RULE_IDS: RuleId[] = DEFINITIONS.map((d) => d.id);
/** The definitions in RULE_IDS' order (read by position where the analysis asks about every rule). */
export const RULE_DEFINITIONS: readonly RuleDefinition<RuleId>[] = DEFINITIONS;

/** Each rule's place in RULE_IDS: the analysis keeps which rules are on in an array, in that order. */
export const RULE_INDEX = new Map(RULE_IDS.map((id, i) => [id, i]));

/** Each check once, in the order of the rules, with the rules it reports (their places in RULE_IDS). */
export const CHECKS: { check: Check; rules: number[] }[] = [];
DEFINITIONS.forEach((d, i) => {
  for (const check of checksOf(d)) {
    const known = CHECKS.find((c) => c.check === check);
    if (known) known.rules.push(i);
    else CHECKS.push({ check, rules: [i] });
  }
});
