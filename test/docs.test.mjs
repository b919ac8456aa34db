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
