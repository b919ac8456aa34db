/** Concurrency limits of [http_service.concurrency] and [services.concurrency]. */
import { insertKey, replace, setKey } from "../../../../core/edits";
import { getEntry, getValue, stringsOf, tablesOf } from "../../../../core/tree";
import { perTree, headerSpan, servicesOf, type Service } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { defineRule } from "./rule";

const CONCURRENCY = "https://fly.io/docs/apps/concurrency/";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const CONCURRENCY_RULES = [
  defineRule({
    id: "concurrency-soft-above-hard",
    severity: "error",
    docs: CONCURRENCY,
    title: "soft_limit above hard_limit",
    group: "concurrency",
    fixSafety: "unsafe",
    what: "`soft_limit` above `hard_limit`.",
    why: "The soft limit is never reached. The fix swaps them (unsafe: the hard limit changes).",
    check: softAboveHard,
  }),
  defineRule({
    id: "concurrency-soft-equals-hard",
    severity: "warning",
    docs: CONCURRENCY + "#how-fly-proxy-handles-concurrency",
    title: "soft_limit equal to hard_limit",
    group: "concurrency",
    fixSafety: "none",
    what: "`soft_limit` equals `hard_limit`.",
    why: "Fly Proxy gets no warning before a Machine is full; set the soft limit to about 80% of the hard one.",
    check: softEqualsHard,
  }),
  defineRule({
    id: "concurrency-hard-below-default-soft",
    severity: "warning",
    docs: CONCURRENCY + "#default-settings",
    title: "hard_limit below the default soft_limit of 20",
    group: "concurrency",
    fixSafety: "unsafe",
    what: "`hard_limit` below the default `soft_limit` of 20, with no `soft_limit`.",
    why: "The soft limit never applies. The fix adds a `soft_limit` at about 80% of the hard one.",
    check: hardBelowDefaultSoft,
  }),
  defineRule({
    id: "concurrency-non-positive",
    severity: "error",
    docs: CONCURRENCY,
    title: "A concurrency limit of zero or less",
    group: "concurrency",
    fixSafety: "none",
    what: "A concurrency limit of zero or less.",
    why: "It lets no traffic through: limits must be positive.",
    check: nonPositiveLimits,
  }),
  defineRule({
    id: "concurrency-connections-for-http",
    severity: "hint",
    docs: CONCURRENCY + "#connections-or-requests",
    title: "An HTTP service counting connections",
    group: "concurrency",
    fixSafety: "unsafe",
    what: "An HTTP service counts connections as its load (the default).",
    why:
      'With `type = "requests"` Fly Proxy pools connections to the app and balances by request. The fix is unsafe: it ' +
      "changes how load is balanced.",
    check: connectionsForHttp,
  }),
];

/** Each service's [concurrency] table and its limits (as integers where they are). */
const limitsOfAll = perTree((root) => new Map(servicesOf(root).map((s) => [s, limitsOf(s)])));

function limitsOf(s: Service) {
  const cEntry = getEntry(s.table, "concurrency");
  const c = cEntry?.value.kind === "table" ? cEntry.value : undefined;
  const soft = getValue(c, "soft_limit");
  const hard = getValue(c, "hard_limit");
  const softN = soft?.type === "integer" ? Number(soft.value) : undefined;
  const hardN = hard?.type === "integer" ? Number(hard.value) : undefined;
  return { cEntry, c, soft, hard, softN, hardN };
}

function nonPositiveLimits(ctx: RuleContext): void {
  for (const [, { soft, hard }] of limitsOfAll(ctx.root)) {
    for (const v of [soft, hard])
      if (v?.type === "integer" && Number(v.value) <= 0)
        ctx.report("concurrency-non-positive", v.span, `A concurrency limit of ${v.raw} lets no traffic through; limits must be positive.`);
  }
}

function softAboveHard(ctx: RuleContext): void {
  for (const [, { soft, hard, softN, hardN }] of limitsOfAll(ctx.root)) {
    if (softN === undefined || hardN === undefined || softN <= 0 || hardN <= 0 || softN <= hardN) continue;
    ctx.report(
      "concurrency-soft-above-hard",
      soft!.span,
      `soft_limit (${softN}) is above hard_limit (${hardN}), so the soft limit is never reached; swap them.`,
      {
        fixes: [fix("Swap soft_limit and hard_limit", [replace(soft!.span, hard!.raw), replace(hard!.span, soft!.raw)])],
      },
    );
  }
}

function softEqualsHard(ctx: RuleContext): void {
  for (const [, { soft, softN, hardN }] of limitsOfAll(ctx.root)) {
    if (softN === undefined || softN <= 0 || softN !== hardN) continue;
    ctx.report(
      "concurrency-soft-equals-hard",
      soft!.span,
      `soft_limit equals hard_limit (${softN}), so Fly Proxy gets no warning before a Machine is full; set soft_limit to about 80% ` +
        `of hard_limit.`,
    );
  }
}

function hardBelowDefaultSoft(ctx: RuleContext): void {
  for (const [, { c, soft, hard, hardN }] of limitsOfAll(ctx.root)) {
    if (hardN === undefined || hardN <= 0 || hardN >= 20 || soft || !c) continue;
    const suggested = Math.max(1, Math.floor(hardN * 0.8));
    ctx.report(
      "concurrency-hard-below-default-soft",
      hard!.span,
      `hard_limit ${hardN} is below the default soft_limit of 20, so the soft limit never applies; add \`soft_limit = ${suggested}\`.`,
      {
        fixes: [fix(`Add soft_limit = ${suggested}`, [insertKey(ctx.text, c, `soft_limit = ${suggested}`)])],
      },
    );
  }
}

/** HTTP services should count requests. */
function connectionsForHttp(ctx: RuleContext): void {
  const { text } = ctx;
  for (const [s, { cEntry, c }] of limitsOfAll(ctx.root)) {
    const isHttp =
      s.kind === "http_service" ||
      tablesOf(getEntry(s.table, "ports")?.value).some((p) => stringsOf(getEntry(p, "handlers")?.value).some((h) => h.value === "http"));
    const type = getValue(c, "type");
    if (!isHttp || (type && type.value !== "connections") || (cEntry && cEntry.value.kind !== "table")) continue;
    const span = type ? type.span : cEntry ? cEntry.keySpan : headerSpan(s.table, s.entry);
    const typeEntry = getEntry(c, "type");
    const edit = c
      ? typeEntry && !typeEntry.kv
        ? undefined
        : setKey(text, c, "type", '"requests"')
      : insertKey(text, s.table, 'concurrency = { type = "requests" }');
    ctx.report(
      "concurrency-connections-for-http",
      span,
      `This HTTP service counts ${type ? "connections" : "connections (the default)"} as load; with \`type = "requests"\` Fly Proxy ` +
        `pools connections to the app and balances by request.`,
      { fixes: edit ? [fix('Set type = "requests"', [edit])] : [] },
    );
  }
}
