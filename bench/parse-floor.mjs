// The floor for bench:cli: a Node process that only reads and parses the files (no rules, no output).
import { readFileSync } from "node:fs";
import { parseTOML } from "toml-eslint-parser";

let failed = 0;
for (const f of process.argv.slice(2)) {
  try {
    parseTOML(readFileSync(f, "utf8"));
  } catch {
    failed++;
  }
}
process.stdout.write(`${failed}\n`);
