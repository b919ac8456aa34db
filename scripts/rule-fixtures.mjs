// The rule fixtures (test/fixtures/rules/<id>.toml), read once for all their readers: the rule tests, the docs'
// examples (rules-doc.mjs) and the fuzz corpus. A fixture is cases, each `# === fires` or `# === ok`, then its
// directives (`# at:`, `# says:` (several), `# severity:`, `# fix:`, `# ips:`, `# machines:`, `# volumes:`,
// `# secrets:`, `# files:`) among its TOML.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const FIXTURES = join(resolve(import.meta.dirname, ".."), "test", "fixtures", "rules");

const DIRECTIVE = /^# (fix|ips|at|severity|says|machines|volumes|files|secrets): (.*)$/;

/** The cases of a rule's fixture (by id, or the text of one). */
export function fixtureCases(idOrText) {
  const text = idOrText.includes("\n") ? idOrText : readFileSync(join(FIXTURES, `${idOrText}.toml`), "utf8");
  return text
    .split(/^# === /m)
    .filter(Boolean)
    .map((part) => {
      const kind = part.slice(0, part.indexOf("\n")).trim();
      const body = part.slice(part.indexOf("\n") + 1);
      const all = (name) => [...body.matchAll(new RegExp(`^# ${name}: (.*)$`, "gm"))].map((m) => m[1]);
      return {
        kind,
        /** The case as written, directives and comments included. */
        body,
        /** The TOML without the directives (what the docs show). */
        toml: body
          .split("\n")
          .filter((l) => !DIRECTIVE.test(l))
          .join("\n")
          .trim(),
        directive: (name) => all(name)[0],
        says: all("says"),
      };
    });
}
