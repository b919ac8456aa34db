/**
 * Every rule, from the families that define and check them (one file each). The ids are a public interface:
 * the code of every diagnostic; docs/rules.md and the README's table are generated from RULES.
 */
import { ADDRESS_RULES, addressRules } from "./addresses";
import { APP_NAME_RULES, appNameRules } from "./app-name";
import { AROUND_RULES, aroundRules } from "./around";
import { AUTOSTOP_RULES, autostopRules } from "./autostop";
import { CHECKS_RULES, checkRules } from "./checks";
import { CONCURRENCY_RULES, concurrencyRules } from "./concurrency";
import { DEPLOY_RULES, deployRules } from "./deploy";
import type { RuleFamily } from "./context";
import { FLYCAST_RULES, flycastRules } from "./flycast";
import { HEALTH_RULES, healthRules } from "./health";
import { LIVE_RULES, liveRules } from "./live";
import { PROCESS_RULES, processRules } from "./processes";
import { RELEASE_RULES, releaseRules } from "./release";
import { SECRET_RULES, secretRules } from "./secrets";
import { SECTION_RULES, sectionRules } from "./sections";
import { SERVICES_RULES, servicesRules } from "./services";
import { SHAPE_RULES, checkShape } from "./shape";

export type { FixSafety, RuleInfo, Severity } from "./rule";

export const RULES = {
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
};

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** The checks, in the order they run (the shape of the document first). */
export const FAMILIES: RuleFamily[] = [
  checkShape,
  flycastRules,
  autostopRules,
  concurrencyRules,
  servicesRules,
  checkRules,
  processRules,
  sectionRules,
  liveRules,
  aroundRules,
  releaseRules,
  deployRules,
  addressRules,
  healthRules,
  appNameRules,
  secretRules,
];
