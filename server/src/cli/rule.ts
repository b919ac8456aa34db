/**
 * `fly-toml rule ID` prints a rule's documentation, its section of docs/rules.md (what it catches and why, an
 * example from its fixture, its fix safety), as `ruff rule` does; `--all` prints every rule, `--format json` the
 * definitions as data.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULE_GROUPS } from "../../../core/groups";
import { nearest } from "../service/text";
import { RULES, RULE_IDS, ruleDocUrl, type RuleId } from "../service";
import { readArgv } from "./args";
import { UsageError } from "./io";

const RULE_OPTIONS = { help: { type: "boolean", short: "h" }, all: { type: "boolean" }, format: { type: "string" } } as const;

export const RULE_HELP = `Usage: fly-toml rule ID | --all [--format text|json]

Prints a rule's documentation: what it catches and why, an example, whether its fix is safe.

Options:
  --all                   every rule
  --format text|json      text (default: the rule's section of docs/rules.md) or json (the definitions)

Exit status:
  0  printed
  2  no such rule, or a usage error

Examples:
  fly-toml rule flycast-force-https
  fly-toml rule --all --format json
`;

/** docs/rules.md as shipped beside the bundles (dist/../docs), or undefined where it is not. */
function rulesDoc(): string | undefined {
  for (const dir of [join(__dirname, ".."), join(__dirname, "..", "..", "..")]) {
    try {
      return readFileSync(join(dir, "docs", "rules.md"), "utf8");
    } catch {
      continue;
    }
  }
  return undefined;
}

/** A rule's section of docs/rules.md, from its heading to the next. */
function section(doc: string, id: string): string | undefined {
  const start = doc.indexOf(`### \`${id}\`\n`);
  if (start < 0) return undefined;
  const next = doc.slice(start + 4).search(/^#{2,3} /m);
  return doc.slice(start, next < 0 ? undefined : start + 4 + next).trimEnd();
}

function asData(id: RuleId) {
  const r = RULES[id];
  return {
    id,
    title: r.title,
    severity: r.severity,
    group: r.group,
    groupTitle: RULE_GROUPS[r.group].title,
    fixSafety: r.fixSafety,
    needs: r.needs ?? [],
    reads: r.reads ?? [],
    cases: r.cases ?? {},
    what: r.what,
    why: r.why,
    docs: r.docs,
    url: ruleDocUrl(id),
  };
}

function asText(id: RuleId, doc: string | undefined): string {
  const found = doc && section(doc, id);
  if (found) return `${found}\n\nOnline: ${ruleDocUrl(id)}\n`;
  const r = RULES[id];
  return `${id}: ${r.title}\n${r.severity} · group ${r.group} · fix: ${r.fixSafety}\n\n${r.what}\n\n${r.why}\n\nFly docs: ${r.docs}\nOnline: ${ruleDocUrl(id)}\n`;
}

export function rule(argv: string[], out: (s: string) => void): number {
  const { values: v, positionals: ids } = readArgv(argv, RULE_OPTIONS, "rule");
  if (v.help) return (out(RULE_HELP), 0);
  const format = v.format ?? "text";
  const all = v.all ?? false;
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format}'`);
  if (!all && !ids.length) throw new UsageError("which rule? (fly-toml rule ID, or fly-toml rule --all)");
  for (const id of ids)
    if (!(id in RULES)) {
      const near = nearest(id, RULE_IDS, 4)[0];
      throw new UsageError(`no rule '${id}'${near ? ` (did you mean ${near}?)` : ""}; fly-toml rule --all lists them`);
    }
  const chosen = all ? RULE_IDS : (ids as RuleId[]);
  if (format === "json") return (out(`${JSON.stringify(all ? chosen.map(asData) : chosen.map(asData)[0], null, 2)}\n`), 0);
  const doc = rulesDoc();
  out(chosen.map((id) => asText(id, doc)).join("\n"));
  return 0;
}
