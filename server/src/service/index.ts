/**
 * The fly.toml language service: text in, LSP types out, no connection. Its one entry is createLanguageService;
 * the rest is what it describes (the rule registry and groups, the types of its answers) and the core's text
 * helpers, which the tests use to apply what it answers.
 */
export { createLanguageService, formatText, FormatError, settingsFor, type LanguageService, type LanguageServiceOptions } from "./service";
export { PRIVATE_GOAL, type AppliedFix, type FixAllOptions } from "./actions";
export type { Analysis } from "./analyze";
export { RULES, RULE_IDS, type RuleId, type Severity, type FixSafety } from "./rules/registry";
export { FIX_SAFETY_WORDS, ruleDocUrl, RULES_DOC_URL } from "./rules/rule";
export type { Finding, Fix, FixDraft } from "./rules/context";
export { RULE_GROUPS, RULE_GROUP_IDS } from "../../../core/groups";
export { COMMANDS, FIX_ALL_KIND } from "../../../core/protocol";
export { lineDiff, lineEdits, changedLines } from "../../../core/linediff";
export { applyEdits, type SpanEdit } from "../../../core/edits";
export { exposureOf, isPrivate, isPublic, type Ip, type Exposure } from "../../../core/ips";
export { parseToml } from "../../../core/toml/parser";
export { decodeUtf8 } from "../../../core/utf8";
export { plain, type TableNode, type Node } from "../../../core/tree";
export { aroundOf, type Around, type AroundFile } from "./around/files";
export { parseDockerfile, imageConfig } from "./around/dockerfile";
export { shellWords } from "./around/listen";
export { withDockerfileFlag } from "./around/edit";
