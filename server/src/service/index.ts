/**
 * The fly.toml language service: text in, LSP types out, no connection.
 * The language server, the CLI and the tests all call it.
 */
export { analyze, type Analysis } from "./analyze";
export { validate, toDiagnostic, toRange, severityName, SOURCE } from "./diagnostics";
export { codeActions, fixAllEdit, fixAllEdits, fixAllText, privateAppFixes, FIX_ALL_KIND, PRIVATE_GOAL, type AppliedFix, type FixAllOptions } from "./actions";
export { lineDiff, lineEdits, changedLines } from "./linediff";
export { eolOf, fileStyle, inStyle } from "./style";
export { applyEdits, type SpanEdit } from "./edits";
export { exposureOf, isPrivate, isPublic, type Ip, type Exposure } from "./ips";
export { parseIpList, IpListSchema, IpSchema } from "./ip-list";
export { RULES, RULE_IDS, type RuleId, type Severity, type FixSafety } from "./rules/registry";
export type { Finding, Fix, FixDraft } from "./rules/context";
export { parseToml } from "./toml/parser";
export { plain, type TableNode, type Node } from "./tree";
export { hover } from "./hover";
export { complete } from "./completion";
export { documentSymbols, foldingRanges } from "./symbols";
export { formatText, formattingEdits, settingsFor, FormatError } from "./format";
export { locate } from "./locate";
export { TaploFormatter } from "../taplo/client";
