// `npm run docs`: docs/rules.md, the rule table of docs/checks.md and the rule count there and in the README, from the rule registry (and each rule's
// first "fires" fixture as its example). A test checks that both are current (test/docs.test.mjs).
import { fixtureCases } from "./rule-fixtures.mjs";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const { FIX_SAFETY_WORDS, RULES, RULE_IDS, RULE_GROUPS } = require(join(root, "dist", "service.js"));

const FIX = { safe: "safe", unsafe: "unsafe", none: "—" };
const EXPOSURE = {
  private: "only a Flycast address",
  mixed: "a Flycast address and public IPs",
  public: "only public IPs",
  none: "no addresses",
};

/** The first case of a rule's fixture where it fires, without the test's directives. */
function example(id) {
  const first = fixtureCases(id).find((c) => c.kind === "fires");
  const ips = first.directive("ips");
  const machines = first.directive("machines");
  const volumes = first.directive("volumes");
  const files = first.directive("files");
  const secrets = first.directive("secrets");
  const toml = first.toml;
  const names = secrets ? JSON.parse(secrets).map((x) => x.name) : [];
  const live = [liveWords(machines, volumes), names.length ? `the Fly secret${names.length === 1 ? "" : "s"} ${names.join(", ")}` : ""]
    .filter(Boolean)
    .join(" and ");
  return { toml, ips, live, around: files ? aroundFiles(files) : [] };
}

/** The files beside the example's fly.toml (test/fixtures/around/<folder>/), each with its name. */
function aroundFiles(folder) {
  const dir = join(root, "test", "fixtures", "around", folder);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), "utf8").trimEnd() }));
}

/** The live state of an example in words: "2 Machines (app: stopped in ams, started in fra) and no volumes". */
function liveWords(machines, volumes) {
  const parts = [];
  if (machines) {
    const ms = JSON.parse(machines);
    parts.push(
      ms.length
        ? `${ms.length} Machine${ms.length === 1 ? "" : "s"} (${ms.map((m) => `${m.group ?? "app"}: ${m.state ?? "started"} in ${m.region ?? "ams"}`).join(", ")})`
        : "no Machines",
    );
  }
  if (volumes) {
    const vs = JSON.parse(volumes);
    parts.push(
      vs.length
        ? `${vs.length} volume${vs.length === 1 ? "" : "s"} (${vs.map((v) => `${v.name ?? "data"} in ${v.region ?? "ams"}${v.attached ? ", attached" : ", unattached"}`).join("; ")})`
        : "no volumes",
    );
  }
  return parts.join(" and ");
}

/** What a rule reads besides fly.toml, in words (its definition's needs and reads). */
const NEEDS = {
  ips: "the app's addresses (`--ips`, `--live`, the VS Code view)",
  machines: "the app's Machines (`--machines`, `--live`, the view)",
  volumes: "the app's volumes (`--volumes`, `--live`, the view)",
  secrets: "the app's secrets (`--live`, the view)",
  files: "the files around fly.toml (the CLI and the editor read them; not standard input)",
};

export function rulesDoc() {
  const out = [
    "# fly-toml rules",
    "",
    `${RULE_IDS.length} rules, generated from the rule registry (\`server/src/service/rules/registry.ts\`) by \`npm run docs\`.`,
    "The ids are stable: they are the `code` of every diagnostic, in the editor, the CLI's JSON and SARIF.",
    "",
    "- **Severity** is the default; where a rule chooses another by the case, its section lists the cases.",
    "- **Fix**: *safe* fixes mend a real mistake and change nothing else a user relies on; `fly-toml check --fix` and",
    "  the editor's *Fix all* apply them. *Unsafe* fixes change what the app does (a concurrency type, a removed key,",
    "  a new service, a value picked among several): they are quick fixes you pick one by one, or",
    "  `fly-toml check --unsafe-fixes`. — means the rule has no automatic fix.",
    "- Rules about Flycast and private apps need the app's IP addresses (`--ips` with the output of",
    "  `fly ips list --json`, `--live`, or the VS Code extension); without them they stay silent. The live rules",
    "  (`min-machines-unmet`, `process-group-no-machines`, `live-config-drift`, `volume-missing`) need its Machines",
    "  and volumes (`--machines`, `--volumes`, `--live`, or the VS Code extension) in the same way.",
    "",
  ];
  for (const [group, { title }] of Object.entries(RULE_GROUPS)) {
    const ids = RULE_IDS.filter((id) => RULES[id].group === group);
    out.push(`## ${title}`, "", `Rule group \`${group}\` (\`flyToml.diagnostics.${group}\` in VS Code).`, "");
    for (const id of ids) {
      const r = RULES[id];
      const ex = example(id);
      out.push(`### \`${id}\``, "", `**${r.title}.** ${r.severity} · fix: ${FIX[r.fixSafety]} · [docs](${r.docs})`, "");
      out.push(`**What it finds.** ${r.what}`, "", `**Why.** ${r.why}`, "");
      if (r.needs?.length) out.push(`Needs ${r.needs.map((n) => NEEDS[n]).join(", ")}; silent without.`, "");
      if (r.reads?.length) out.push(`Reads ${r.reads.map((n) => NEEDS[n]).join(", ")} when they are there.`, "");
      for (const [, c] of Object.entries(r.cases ?? {}))
        out.push(`- ${[c.severity, c.fixSafety && `fix ${c.fixSafety}`].filter(Boolean).join(", ")} when ${c.when}.`);
      if (r.cases) out.push("");
      if (r.fixSafety !== "none") out.push(`**Fix safety.** ${FIX_SAFETY_WORDS[r.fixSafety]}`, "");
      if (r.clientFix)
        out.push(`**In VS Code**, its quick fix runs *${r.clientFix.named}*, which shows what it will do before it does it.`, "");
      const on = [ex.ips ? `an app with ${EXPOSURE[ex.ips]}` : "", ex.live ? `an app with ${ex.live}` : ""].filter(Boolean).join("; ");
      out.push(`**Example.** It fires on${on ? ` (${on})` : ""}:`, "", "```toml", ex.toml, "```", "");
      for (const f of ex.around) {
        const lang = f.name === "package.json" ? "json" : f.name.includes("Dockerfile") ? "dockerfile" : "";
        out.push(`with \`${f.name}\` beside it:`, "", "```" + lang, f.text, "```", "");
      }
    }
  }
  return out.join("\n");
}

/** A Markdown page with the rule count (`<!-- rules:count -->`) and, where it has one, the rule table brought up to date. */
export function readmeWithRules(readme) {
  const table = [
    "| id | severity | fix | what |",
    "|---|---|---|---|",
    ...RULE_IDS.map((id) => `| [\`${id}\`](rules.md#${id}) | ${RULES[id].severity} | ${FIX[RULES[id].fixSafety]} | ${RULES[id].title} |`),
  ].join("\n");
  return readme
    .replace(/<!-- rules:count -->\d+<!-- \/rules:count -->/, `<!-- rules:count -->${RULE_IDS.length}<!-- /rules:count -->`)
    .replace(/<!-- rules:table -->\n[\s\S]*?<!-- \/rules:table -->\n/, `<!-- rules:table -->\n${table}\n<!-- /rules:table -->\n`);
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(join(root, "docs", "rules.md"), rulesDoc());
  for (const page of [join(root, "README.md"), join(root, "docs", "checks.md")])
    writeFileSync(page, readmeWithRules(readFileSync(page, "utf8")));
  console.log(`docs/rules.md, docs/checks.md's rule table and the count: ${RULE_IDS.length} rules`);
}
