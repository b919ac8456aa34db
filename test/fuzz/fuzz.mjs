// npm run fuzz -- --runs N [--seed S] [--format-every K]
// Property-based fuzzing of the language service (fast-check, seeded and reproducible): documents made by
// mutating the examples and every fixture, and documents generated from the fly.toml model. For each:
// - the service never throws, and every diagnostic range lies inside the document;
// - every quick fix applies to a document that still parses (if it parsed) and its finding goes away;
// - "fix all" applied twice changes nothing the second time;
// - formatting (every K-th case) either succeeds idempotently with the same decoded data, or fails with a
//   clear error (and then nothing is changed).
import { FIXTURES, fixtureCases } from "../../scripts/rule-fixtures.mjs";
import fc from "fast-check";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { root, shared, service, IPS, tomlFilesUnder } from "../helpers/service.mjs";
import { JUNK as MUTATE_JUNK, VALUES as MUTATE_VALUES } from "../helpers/mutate.mjs";

// the formatter worker's manager is the server's, not the service's: a bundle of its own for the tests
const { TaploFormatter } = createRequire(import.meta.url)(join(root, "dist", "taplo-client.js"));

// the mutation test's fragments and values, and a few fly.toml-shaped ones
const JUNK = [...MUTATE_JUNK, "[[", "\r\n", " = ", "x = 1", "[http_service]", "force_https = true"];
const VALUES = [...MUTATE_VALUES, "0", "false", '["app"]', "10000", '"on"', '"stop"', '"80"', "70000"];

function corpus() {
  // the outside fixtures add seeds when they are here; the examples and rule fixtures are always there
  const outside = existsSync(join(shared, "fixtures")) ? tomlFilesUnder(join(shared, "fixtures")) : [];
  const out = [...tomlFilesUnder(join(root, "examples")), ...outside].map((p) => readFileSync(p, "utf8"));
  for (const f of readdirSync(FIXTURES).sort()) for (const c of fixtureCases(f.replace(/\.toml$/, ""))) if (c.body.trim()) out.push(c.body);
  return out;
}

function applyMutation(text, m) {
  const lines = text.split("\n");
  const at = text.length ? m.a % (text.length + 1) : 0;
  const li = lines.length ? m.a % lines.length : 0;
  const lj = lines.length ? m.b % lines.length : 0;
  switch (m.kind) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + m.junk + text.slice(at);
    case 2:
      lines.splice(li, 1);
      return lines.join("\n");
    case 3:
      lines.splice(li, 0, lines[li] ?? "");
      return lines.join("\n");
    case 4:
      [lines[li], lines[lj]] = [lines[lj], lines[li]];
      return lines.join("\n");
    case 5:
      lines[li] = /=/.test(lines[li] ?? "") ? lines[li].replace(/=\s*.*$/, `= ${m.value}`) : `${lines[li] ?? ""} = ${m.value}`;
      return lines.join("\n");
    case 6:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + (m.b % 200)));
    case 7:
      lines.splice(li, 0, `${m.junk}${m.value}`);
      return lines.join("\n");
    default:
      return text.replace(/\n/g, m.b % 2 ? "\r\n" : "\n");
  }
}

// ---------- documents generated from the model ----------

const ir = JSON.parse(readFileSync(join(root, "schemas", "fly.model.json"), "utf8"));
const node = (i) => ir.nodes[i];
const KEYS = ["app", "web", "worker", "PORT", "HOST", "API_URL", "health", "X-Forwarded-Proto"];
const STRINGS = [
  "app",
  "web",
  "",
  "localhost",
  "0.0.0.0",
  "http://api.internal:8080",
  "https://db.flycast",
  "1gb",
  "512",
  "10s",
  "1d",
  "SIGTERM",
  "bin/server -b 127.0.0.1",
  "say 'hi",
  "é😀",
];

function arbFor(n, depth) {
  switch (n.k) {
    case "string":
      return fc.constantFrom(...STRINGS);
    case "int":
      return fc.oneof(fc.integer({ min: -3, max: 100 }), fc.constantFrom(0, 80, 443, 8080, 65536, 10000));
    case "number":
      return fc.constantFrom(0, 0.5, 1, 3.5, 10);
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...n.values, "bogus", "On");
    case "unknown":
      return fc.constantFrom(1, "x", []);
    case "array":
      return depth > 3 ? fc.constant([]) : fc.array(arbFor(node(n.item), depth + 1), { maxLength: 3 });
    case "record":
      return depth > 3 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...KEYS), arbFor(node(n.value), depth + 1), { maxKeys: 3 });
    case "union":
      return fc.oneof(...n.options.map((o) => arbFor(node(o), depth)));
    case "table": {
      if (depth > 3) return fc.constant({});
      const entries = Object.entries(n.keys);
      return fc
        .subarray(entries, { maxLength: Math.min(6, entries.length) })
        .chain((chosen) => fc.record(Object.fromEntries(chosen.map(([k, i]) => [k, arbFor(node(i), depth + 1)]))));
    }
  }
  return fc.constant(1);
}

const bareKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const isTable = (v) => v && typeof v === "object" && !Array.isArray(v);
function scalar(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(scalar).join(", ")}]`;
  if (isTable(v))
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${bareKey(k)} = ${scalar(x)}`)
      .join(", ")} }`;
  return String(v);
}
/** A plain object as TOML: key/values, then [tables] and [[arrays of tables]]. */
export function toToml(obj, path = []) {
  const lines = [];
  const later = [];
  for (const [k, v] of Object.entries(obj)) {
    if (isTable(v)) later.push(() => [`[${[...path, k].map(bareKey).join(".")}]`, ...toToml(v, [...path, k])]);
    else if (Array.isArray(v) && v.length && v.every(isTable))
      later.push(() => v.flatMap((t) => [`[[${[...path, k].map(bareKey).join(".")}]]`, ...toToml(t, [...path, k])]));
    else lines.push(`${bareKey(k)} = ${scalar(v)}`);
  }
  return [...lines, ...later.flatMap((f) => f())];
}

// ---------- the properties ----------

const isSyntax = (f) => f.rule === "toml-syntax" || f.rule === "toml-duplicate-key";

function checkService(text, ips) {
  const { findings } = service.analyze(text, ips);
  const parsed = !findings.some(isSyntax);
  for (const f of findings) {
    if (!(f.span[0] >= 0 && f.span[1] <= text.length && f.span[0] <= f.span[1]))
      throw new Error(`${f.rule}: range ${f.span} outside a document of ${text.length} characters`);
  }
  const count = (fs, rule) => fs.filter((x) => x.rule === rule).length;
  for (const f of findings.filter((x) => x.fixes.length).slice(0, 6)) {
    for (const fx of f.fixes) {
      const after = service.analyze(service.applyEdits(text, fx.edits), ips).findings;
      if (parsed && after.some(isSyntax)) throw new Error(`"${fx.title}" (${f.rule}) breaks the syntax: ${after.find(isSyntax).message}`);
      // in a document that parses, the finding goes away; in one that does not, a fix must at least not add one
      if (parsed ? count(after, f.rule) >= count(findings, f.rule) : count(after, f.rule) > count(findings, f.rule))
        throw new Error(`"${fx.title}" does not make ${f.rule} go away`);
    }
  }
  for (const unsafe of [false, true]) {
    const first = service.fixAllText(text, ips, { unsafe });
    // every fix it applies is of a finding it reported, on the line it was reported on
    const reported = new Set(findings.map((f) => `${f.rule}:${text.slice(0, f.span[0]).split("\n").length}`));
    for (const a of first.applied)
      if (!reported.has(`${a.rule}:${a.line}`))
        throw new Error(`fix all applied "${a.title}" (${a.rule}, line ${a.line}) for a finding it never reported`);
    if (!unsafe && first.applied.some((a) => a.safety !== "safe")) throw new Error("fix all applied an unsafe fix without being asked to");
    if (parsed && service.analyze(first.text, ips).findings.some(isSyntax)) throw new Error("fix all breaks the syntax");
    // run again and again (each run fixes what the last one revealed), it settles: no fix undoes another
    let cur = first.text;
    let runs = 0;
    for (let next = service.fixAllText(cur, ips, { unsafe }).text; next !== cur; next = service.fixAllText(cur, ips, { unsafe }).text) {
      cur = next;
      if (++runs > 8) throw new Error("fix all never settles: one fix undoes another");
    }
  }
}

async function checkFormat(text, formatter) {
  const settings = service.settingsFor({ tabSize: 2, insertSpaces: true });
  let out;
  try {
    out = await service.formatText(text, formatter.format, settings);
  } catch (e) {
    if (!(e instanceof service.FormatError) || !/nothing was changed/.test(e.message))
      throw new Error(`formatting failed without a clear error: ${e.message}`);
    return;
  }
  const again = await service.formatText(out, formatter.format, settings);
  if (again !== out) throw new Error("formatting is not idempotent");
}

export async function runFuzz({ runs = 2000, seed = Date.now() % 2 ** 31, formatEvery = 20, log = console.log } = {}) {
  const docs = corpus();
  const ipChoices = Object.values(IPS);
  const mutation = fc.record({
    kind: fc.nat(8),
    a: fc.nat(),
    b: fc.nat(),
    junk: fc.constantFrom(...JUNK),
    value: fc.constantFrom(...VALUES),
  });
  const mutated = fc
    .tuple(fc.nat(docs.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([i, ms]) => ms.reduce(applyMutation, docs[i]));
  const generated = arbFor(node(ir.root), 0).map((o) => toToml(o).join("\n") + "\n");
  const cases = fc.tuple(fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: generated }), fc.constantFrom(...ipChoices));
  const formatter = new TaploFormatter({ idleMs: 60_000 });
  let n = 0;
  log(`fuzz: ${runs} cases, seed ${seed} (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);
  try {
    const details = await fc.check(
      fc.asyncProperty(cases, async ([text, ips]) => {
        checkService(text, ips);
        if (n++ % formatEvery === 0) await checkFormat(text, formatter);
      }),
      { numRuns: runs, seed },
    );
    if (details.failed) {
      const [text, ips] = details.counterexample;
      const e = details.errorInstance;
      throw new Error(
        `fuzz failed after ${details.numRuns} cases: ${e?.message ?? e}\n` +
          `replay: npm run fuzz -- --runs ${runs} --seed ${details.seed} (path ${details.counterexamplePath})\n` +
          `minimal case (ips: ${ips ? JSON.stringify(ips.map((i) => i.Type)) : "unknown"}):\n${JSON.stringify(text)}`,
      );
    }
  } finally {
    formatter.stop();
  }
  log(`fuzz: ${runs} cases passed (seed ${seed})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  runFuzz({
    runs: arg("runs", 2000),
    seed: arg("seed", Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)),
    formatEvery: arg("format-every", 20),
  }).catch((e) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
