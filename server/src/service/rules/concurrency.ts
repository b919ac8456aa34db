/** Concurrency limits of [http_service.concurrency] and [services.concurrency]. */
import { insertKey, replace, setKey } from "../../../../core/edits";
import { getEntry, getValue, stringsOf, tablesOf } from "../../../../core/tree";
import { headerSpan, servicesOf } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import type { RuleInfo } from "./rule";

const CONCURRENCY = "https://fly.io/docs/apps/concurrency/";

/** The rules of this family: each one's id (a public interface), severity, group, fix safety, title, description and docs. */
export const CONCURRENCY_RULES = {
  "concurrency-soft-above-hard": {
    severity: "error",
    docs: CONCURRENCY,
    title: "soft_limit above hard_limit",
    group: "concurrency",
    fix: "unsafe",
    description:
      "`soft_limit` is above `hard_limit`, so the soft limit is never reached. The fix swaps them (unsafe: the hard limit changes).",
  },
  "concurrency-soft-equals-hard": {
    severity: "warning",
    docs: CONCURRENCY + "#how-fly-proxy-handles-concurrency",
    title: "soft_limit equal to hard_limit",
    group: "concurrency",
    fix: "none",
    description:
      "`soft_limit` equals `hard_limit`, so Fly Proxy gets no warning before a Machine is full; set the soft limit to about 80% of the " +
      "hard one.",
  },
  "concurrency-hard-below-default-soft": {
    severity: "warning",
    docs: CONCURRENCY + "#default-settings",
    title: "hard_limit below the default soft_limit of 20",
    group: "concurrency",
    fix: "unsafe",
    description:
      "`hard_limit` is below the default `soft_limit` of 20, so the soft limit never applies. The fix adds a `soft_limit` at about 80% " +
      "of the hard one.",
  },
  "concurrency-non-positive": {
    severity: "error",
    docs: CONCURRENCY,
    title: "A concurrency limit of zero or less",
    group: "concurrency",
    fix: "none",
    description: "A concurrency limit of zero or less lets no traffic through.",
  },
  "concurrency-connections-for-http": {
    severity: "hint",
    docs: CONCURRENCY + "#connections-or-requests",
    title: "An HTTP service counting connections",
    group: "concurrency",
    fix: "unsafe",
    description:
      'An HTTP service counts connections as its load (the default). With `type = "requests"` Fly Proxy pools connections to the app ' +
      "and balances by request. The fix is unsafe: it changes how load is balanced.",
  },
} as const satisfies Record<string, RuleInfo>;

export function concurrencyRules(ctx: RuleContext): void {
  const { root, text } = ctx;
  for (const s of servicesOf(root)) {
    const cEntry = getEntry(s.table, "concurrency");
    const c = cEntry?.value.kind === "table" ? cEntry.value : undefined;
    const soft = getValue(c, "soft_limit");
    const hard = getValue(c, "hard_limit");
    const softN = soft?.type === "integer" ? Number(soft.value) : undefined;
    const hardN = hard?.type === "integer" ? Number(hard.value) : undefined;

    for (const v of [soft, hard]) {
      if (v?.type === "integer" && Number(v.value) <= 0) {
        ctx.report("concurrency-non-positive", v.span, `A concurrency limit of ${v.raw} lets no traffic through; limits must be positive.`);
      }
    }
    if (softN !== undefined && hardN !== undefined && softN > 0 && hardN > 0) {
      if (softN > hardN) {
        ctx.report(
          "concurrency-soft-above-hard",
          soft!.span,
          `soft_limit (${softN}) is above hard_limit (${hardN}), so the soft limit is never reached; swap them.`,
          {
            fixes: [fix("Swap soft_limit and hard_limit", [replace(soft!.span, hard!.raw), replace(hard!.span, soft!.raw)])],
          },
        );
      } else if (softN === hardN) {
        ctx.report(
          "concurrency-soft-equals-hard",
          soft!.span,
          `soft_limit equals hard_limit (${softN}), so Fly Proxy gets no warning before a Machine is full; set soft_limit to about 80% ` +
            `of hard_limit.`,
        );
      }
    }
    if (hardN !== undefined && hardN > 0 && hardN < 20 && !soft && c) {
      const suggested = Math.max(1, Math.floor(hardN * 0.8));
      ctx.report(
        "concurrency-hard-below-default-soft",
        hard!.span,
        `hard_limit ${hardN} is below the default soft_limit of 20, so the soft limit never applies; add \`soft_limit = ${suggested}\`.`,
        {
          fixes: [fix(`Add soft_limit = ${suggested}`, [insertKey(text, c, `soft_limit = ${suggested}`)])],
        },
      );
    }

    // HTTP services should count requests
    const isHttp =
      s.kind === "http_service" ||
      tablesOf(getEntry(s.table, "ports")?.value).some((p) => stringsOf(getEntry(p, "handlers")?.value).some((h) => h.value === "http"));
    const type = getValue(c, "type");
    if (isHttp && (!type || type.value === "connections") && !(cEntry && cEntry.value.kind !== "table")) {
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
}
