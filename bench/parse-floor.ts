// The floor for bench:cli: a Node process that only reads and parses the files with our TOML parser
// (no rules, no output). Bundled to bench/parse-floor.js by the build.
import { readFileSync } from "node:fs";
import { parseToml } from "../core/toml/parser";

let failed = 0;
for (const f of process.argv.slice(2)) if (parseToml(readFileSync(f, "utf8")).errors.length) failed++;
process.stdout.write(`${failed}\n`);
