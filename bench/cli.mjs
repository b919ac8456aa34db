// npm run bench:cli — our CLI over the 209 real-world fly.toml files against `tombi lint --offline` with the
// public SchemaStore schema, in the same run, plus a parse-only Node process as the floor. Prints ratios.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tombiBinary } from "./tombi.mjs";

const root = resolve(import.meta.dirname, "..");
const shared = resolve(root, "..", "shared");
const work = join(root, ".bench", "cli");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, "files"), { recursive: true });
const src = join(shared, "fixtures", "real-world");
const names = readdirSync(src).filter((f) => f.endsWith(".toml"));
for (const n of names) copyFileSync(join(src, n), join(work, "files", n));
copyFileSync(join(shared, "fixtures", "schemastore", "fly.json"), join(work, "fly.json"));
writeFileSync(join(work, "tombi.toml"), '[schema]\nenabled = true\ncatalog = { paths = [] }\n\n[[schemas]]\npath = "fly.json"\ninclude = ["files/*.toml"]\n');
const files = names.map((n) => join("files", n));
const tombi = tombiBinary();

const tools = {
  "fly-toml check": [process.execPath, [join(root, "bin", "fly-toml.js"), "check", "--format", "json", ...files]],
  "tombi lint --offline": [tombi, ["lint", "--offline", "--quiet", ...files]],
  "parse floor (node + our TOML parser)": [process.execPath, [join(root, "dist", "parse-floor.js"), ...files]],
  "node -e 0 (Node's own start-up)": [process.execPath, ["-e", "0"]],
};

function once([cmd, args]) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: work, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  return { ms, r };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const [name, tool] of Object.entries(tools)) once(tool); // warm the file cache
for (let i = 0; i < RUNS; i++) for (const [name, tool] of Object.entries(tools)) (results[name] ??= []).push(once(tool).ms);

// what each reports, for context
const ours = JSON.parse(once(tools["fly-toml check"]).r.stdout);
const oursWithErrors = ours.filter((f) => f.diagnostics.some((d) => d.severity === "error")).length;
const tombiOut = once([tombi, ["lint", "--offline", ...files]]);
const tombiFailed = Number(/(\d+) files? failed/.exec(tombiOut.r.stderr + tombiOut.r.stdout)?.[1] ?? 0);

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const [us, them, floor, node] = Object.keys(tools).map((k) => m[k]);
console.log(`${names.length} real-world fly.toml files, median of ${RUNS} runs each (wall time, one process per run)`);
for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(42)} ${v.toFixed(1)} ms`);
console.log(`ratio fly-toml / tombi:       ${(us / them).toFixed(2)}  (${us < them ? "faster" : "slower"} than tombi; aim < 1)`);
console.log(`ratio fly-toml / parse floor: ${(us / floor).toFixed(2)}  (aim ≤ 3)`);
console.log(`after Node's start-up:        fly-toml ${(us - node).toFixed(1)} ms of work, tombi ${them.toFixed(1)} ms in all`);
console.log(`files with an error: fly-toml ${oursWithErrors}/${names.length}, tombi with the public schema ${tombiFailed}/${names.length}`);
