// docs/rules.md, the rule table and the rule count are generated from the rule registry: they must be current; the
// pages link to files that exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { root } from "./helpers/service.mjs";
import { readmeWithRules, rulesDoc } from "../scripts/rules-doc.mjs";

test("docs/rules.md is what the registry says (run npm run docs after changing a rule)", () => {
  assert.equal(readFileSync(join(root, "docs", "rules.md"), "utf8"), rulesDoc());
});

test("the rule table (docs/checks.md) and the rule count (there and in the README) are what the registry says", () => {
  const checks = readFileSync(join(root, "docs", "checks.md"), "utf8");
  assert.match(checks, /<!-- rules:table -->/);
  assert.equal(checks, readmeWithRules(checks));
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.match(readme, /<!-- rules:count -->/);
  assert.equal(readme, readmeWithRules(readme));
});

test("every link between the project's Markdown pages leads to a file that exists", () => {
  const pages = [
    "README.md",
    "CHANGELOG.md",
    ...readdirSync(join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];
  for (const page of pages) {
    const text = readFileSync(join(root, page), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#|command:)/.test(target)) continue;
      const file = join(root, dirname(page), target.split("#")[0]);
      assert.ok(existsSync(file), `${page} links to ${target}, which does not exist`);
    }
  }
});

test("the extension's settings turn off exactly the rule groups there are, and the client imports only the core", async () => {
  const { RULE_GROUP_IDS, RULE_GROUPS } = (await import("./helpers/service.mjs")).lib;
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const settings = Object.keys(pkg.contributes.configuration.properties)
    .filter((k) => k.startsWith("flyToml.diagnostics."))
    .map((k) => k.slice("flyToml.diagnostics.".length));
  assert.deepEqual(settings, RULE_GROUP_IDS);
  for (const g of RULE_GROUP_IDS)
    assert.match(
      pkg.contributes.configuration.properties[`flyToml.diagnostics.${g}`].markdownDescription,
      new RegExp(RULE_GROUPS[g].setting.split(" ")[0]),
    );
  // the extension and the server share core/; the client reaches into nothing else of the server
  const { execFileSync } = await import("node:child_process");
  const imports = execFileSync("grep", ["-rhoE", 'from "[^"]+"', join(root, "client", "src")], { encoding: "utf8" });
  assert.deepEqual(
    imports.split("\n").filter((l) => l.includes("/server/")),
    [],
  );
});

test("COMMANDS (core/protocol.ts) are exactly package.json's commands, and every menu names one of them", async () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const { COMMANDS } = (await import("./helpers/service.mjs")).lib;
  const declared = pkg.contributes.commands.map((c) => c.command);
  assert.deepEqual(Object.values(COMMANDS).sort(), [...declared].sort());
  for (const [menu, items] of Object.entries(pkg.contributes.menus))
    for (const item of items) assert.ok(declared.includes(item.command), `${menu}: ${item.command} is a command`);
  // the client registers every one of them (by the constant: no id is written twice)
  const { execFileSync } = await import("node:child_process");
  const registered = execFileSync("grep", ["-rhoE", "reg\\(COMMANDS\\.[A-Za-z0-9]+", join(root, "client", "src")], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((l) => COMMANDS[l.slice("reg(COMMANDS.".length)]);
  assert.deepEqual([...new Set(registered)].sort(), [...declared].sort());
});

test("no export of the TypeScript sources goes unused: each is imported by another file (or the tests)", () => {
  const sources = [];
  const all = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.(ts|mjs)$/.test(f.name)) (f.name.endsWith(".ts") ? sources : all).push(p);
    }
  };
  for (const d of ["core", "server/src", "client/src", "schemas", "test", "scripts", "bench"]) walk(join(root, d));
  const texts = new Map([...sources, ...all].map((f) => [f, readFileSync(f, "utf8")]));
  const unused = [];
  for (const f of sources)
    for (const [, name] of texts.get(f).matchAll(/^export (?:async )?(?:function|const|class|type|interface|let) (\w+)/gm)) {
      const re = new RegExp(`\\b${name}\\b`);
      if (![...texts.keys()].some((g) => g !== f && re.test(texts.get(g)))) unused.push(`${f.slice(root.length + 1)}: ${name}`);
    }
  assert.deepEqual(unused, [], "an export nothing else uses: make it local");
});
