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
writeFileSync(
  join(work, "tombi.toml"),
  '[schema]\nenabled = true\ncatalog = { paths = [] }\n\n[[schemas]]\npath = "fly.json"\ninclude = ["files/*.toml"]\n',
);
const files = names.map((n) => join("files", n));
const tombi = tombiBinary();

// The environment a user runs in. This machine sets NODE_EXTRA_CA_CERTS (for its proxy), which makes every Node
// process read and parse a bundle of certificates at start-up (~50 ms here); nothing of ours uses TLS, and a
// user's shell does not have it, so the runs leave it out, and one more line says what it costs.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const caCerts = process.env.NODE_EXTRA_CA_CERTS;
// the code cache of `fly-toml check` (src/cli/launch.ts) lives here; "cold" runs get an empty directory each time
const cacheDir = join(work, "code-cache");
let coldRun = 0;
const ours = [process.execPath, [join(root, "bin", "fly-toml.js"), "check", "--format", "json", ...files]];

const tools = {
  "fly-toml check": ours,
  "fly-toml check, no code cache yet": [...ours, () => ({ FLY_TOML_CACHE_DIR: join(work, `cold-${coldRun++}`) })],
  "tombi lint --offline": [tombi, ["lint", "--offline", "--quiet", ...files]],
  "parse floor (node + our TOML parser)": [process.execPath, [join(root, "dist", "parse-floor.js"), ...files]],
  "node -e 0 (Node's own start-up)": [process.execPath, ["-e", "0"]],
};

function once([cmd, args, extraEnv], base = env) {
  const runEnv = { ...base, FLY_TOML_CACHE_DIR: cacheDir, ...extraEnv?.() };
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: work, encoding: "utf8", maxBuffer: 64 << 20, env: runEnv });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  return { ms, r };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const tool of Object.values(tools)) once(tool); // warm the file cache (and write the code cache)
for (let i = 0; i < RUNS; i++) for (const [name, tool] of Object.entries(tools)) (results[name] ??= []).push(once(tool).ms);
const withCerts = caCerts ? median(Array.from({ length: RUNS }, () => once(ours, process.env).ms)) : undefined;

// what each reports, for context
const reported = JSON.parse(once(tools["fly-toml check"]).r.stdout);
const oursWithErrors = reported.filter((f) => f.diagnostics.some((d) => d.severity === "error")).length;
const tombiOut = once([tombi, ["lint", "--offline", ...files]]);
const tombiFailed = Number(/(\d+) files? failed/.exec(tombiOut.r.stderr + tombiOut.r.stdout)?.[1] ?? 0);

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const [us, cold, them, floor, node] = Object.keys(tools).map((k) => m[k]);
console.log(`${names.length} real-world fly.toml files, median of ${RUNS} runs each (wall time, one process per run)`);
for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(42)} ${v.toFixed(1)} ms`);
console.log(`ratio fly-toml / tombi:       ${(us / them).toFixed(2)}  (${us < them ? "faster" : "slower"} than tombi; aim ≤ 1)`);
console.log(`  on a first run (no code cache yet): ${(cold / them).toFixed(2)}`);
if (withCerts !== undefined)
  console.log(`  with this machine's NODE_EXTRA_CA_CERTS (every Node process pays it): ${(withCerts / them).toFixed(2)}`);
console.log(`ratio fly-toml / parse floor: ${(us / floor).toFixed(2)}  (aim ≤ 3)`);
console.log(`after Node's start-up:        fly-toml ${(us - node).toFixed(1)} ms of work, tombi ${them.toFixed(1)} ms in all`);
console.log(`files with an error: fly-toml ${oursWithErrors}/${names.length}, tombi with the public schema ${tombiFailed}/${names.length}`);
