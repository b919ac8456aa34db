// docs/rules.md and the README's rule table and count are generated from the rule registry: they must be current.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers/service.mjs";
import { readmeWithRules, rulesDoc } from "../scripts/rules-doc.mjs";

test("docs/rules.md is what the registry says (run npm run docs after changing a rule)", () => {
  assert.equal(readFileSync(join(root, "docs", "rules.md"), "utf8"), rulesDoc());
});

test("the README's rule table and count are what the registry says", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.match(readme, /<!-- rules:table -->/);
  assert.equal(readme, readmeWithRules(readme));
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
