// The `fly-toml check` CLI as a user runs it: output formats, exit codes, --fix, --ips, directories.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers/service.mjs";

function run(args, cwd = root) {
  const r = spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp() {
  return mkdtempSync(join(tmpdir(), "fly-toml-cli-"));
}

const MISTAKES = join(root, "examples", "classic-mistakes", "fly.toml");
const PRIVATE = join(root, "examples", "private-api", "fly.toml");

test("text format: path:line:col  severity  message  [code], then a summary; exit 1 on errors", () => {
  const r = run(["check", "examples/classic-mistakes/fly.toml"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^examples\/classic-mistakes\/fly\.toml:5:15  error  "TERM" is not a valid `kill_signal`.*  \[kill-signal-invalid\]$/);
  assert.match(lines.at(-1), /^\d+ errors, \d+ warnings in 1 file$/);
  assert.equal(r.stderr, "");
});

test("a clean file exits 0", () => {
  const r = run(["check", PRIVATE]);
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.stdout.trim(), "0 errors, 0 warnings in 1 file");
});

test("json format has exactly the documented shape, 0-based positions", () => {
  const r = run(["check", "--format", "json", MISTAKES, PRIVATE]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.length, 2);
  assert.deepEqual(Object.keys(out[0]), ["file", "diagnostics"]);
  const d = out[0].diagnostics[0];
  assert.deepEqual(Object.keys(d), ["code", "severity", "message", "range", "fixable"]);
  assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 20 } });
  assert.equal(d.code, "kill-signal-invalid");
  assert.equal(d.severity, "error");
  assert.equal(d.fixable, true);
  assert.deepEqual(out[1], { file: PRIVATE, diagnostics: [] });
  for (const x of out[0].diagnostics) assert.ok(["error", "warning", "info", "hint"].includes(x.severity));
});

test("sarif format is SARIF 2.1.0 with our rule ids and docs links", () => {
  const r = run(["check", "--format", "sarif", "examples/classic-mistakes/fly.toml"]);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, "2.1.0");
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, "fly-toml");
  const rule = run0.tool.driver.rules.find((x) => x.id === "flycast-force-https");
  assert.match(rule.helpUri, /^https:\/\/fly\.io\/docs\//);
  const res = run0.results[0];
  assert.equal(res.ruleId, "kill-signal-invalid");
  assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
  assert.equal(res.level, "error");
  assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: "examples/classic-mistakes/fly.toml", uriBaseId: "%SRCROOT%" });
  assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 5, startColumn: 15, endLine: 5, endColumn: 21 });
  for (const x of run0.results) assert.ok(["error", "warning", "note"].includes(x.level));
});

test("--ips turns on the IP-dependent rules", () => {
  const without = run(["check", "--format", "json", MISTAKES]);
  const withIps = run(["check", "--format", "json", "--ips", join(root, "examples", "classic-mistakes", "ips.json"), MISTAKES]);
  const codes = (r) => JSON.parse(r.stdout)[0].diagnostics.map((d) => d.code);
  assert.ok(!codes(without).includes("flycast-force-https"));
  assert.ok(codes(withIps).includes("flycast-force-https"));
});

test("--ips with a bad file is a usage error (exit 2, one line on stderr)", () => {
  const dir = tmp();
  writeFileSync(join(dir, "ips.json"), '{"not": "a list"}');
  const r = run(["check", "--ips", join(dir, "ips.json"), PRIVATE]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^fly-toml: --ips .*ips\.json: not the output of `fly ips list --json`/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  const missing = run(["check", "--ips", join(dir, "nope.json"), PRIVATE]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read --ips file .*ENOENT/);
});

test("usage errors exit 2 with a one-line message", () => {
  for (const args of [["check", "--format", "xml"], ["check", "--bogus"], ["frobnicate"], ["check", "no/such/fly.toml"], ["check", "--max-warnings", "lots"]]) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^fly-toml: .+\n$/);
    assert.equal(r.stdout, "");
  }
});

test("without arguments it checks ./fly.toml, and says so when there is none", () => {
  const dir = tmp();
  assert.match(run(["check"], dir).stderr, /no fly\.toml in the current directory/);
  writeFileSync(join(dir, "fly.toml"), 'app = "x"\n');
  const r = run(["check"], dir);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /in 1 file/);
});

test("a directory is searched for fly.toml and fly.*.toml (a monorepo)", () => {
  const dir = tmp();
  for (const [p, body] of [["api/fly.toml", 'app = "api"\n'], ["api/fly.staging.toml", 'app = "api-staging"\n'], ["web/fly.toml", 'app = "web"\nkill_signal = "TERM"\n'], ["web/notfly.toml", "x = 1\n"], ["node_modules/pkg/fly.toml", "broken = \n"]]) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  const r = run(["check", "--format", "json", dir]);
  assert.equal(r.code, 1);
  const files = JSON.parse(r.stdout).map((x) => x.file.slice(dir.length + 1));
  assert.deepEqual(files, ["api/fly.staging.toml", "api/fly.toml", "web/fly.toml"]);
});

test("--max-warnings: exit 1 when warnings exceed it", () => {
  const dir = tmp();
  writeFileSync(join(dir, "fly.toml"), '[env]\n  API_TOKEN = "x"\n');
  assert.equal(run(["check", join(dir, "fly.toml")]).code, 0);
  assert.equal(run(["check", "--max-warnings", "0", join(dir, "fly.toml")]).code, 1);
  assert.equal(run(["check", "--max-warnings=1", join(dir, "fly.toml")]).code, 0);
});

test("--fix applies the quick fixes in place, keeps comments, and reports what is left", () => {
  const dir = tmp();
  cpSync(MISTAKES, join(dir, "fly.toml"));
  const before = readFileSync(join(dir, "fly.toml"), "utf8");
  const r = run(["check", "--fix", "--ips", join(root, "examples", "classic-mistakes", "ips.json"), join(dir, "fly.toml")]);
  const after = readFileSync(join(dir, "fly.toml"), "utf8");
  assert.notEqual(after, before);
  assert.match(after, /kill_signal = "SIGTERM"/);
  assert.match(after, /force_https = false/);
  assert.match(after, /auto_start_machines = true/);
  assert.match(after, /^  \[http_service\.concurrency\]$/m);
  assert.match(after, /policy = "on-failure"/);
  for (const line of before.split("\n").filter((l) => l.startsWith("#"))) assert.ok(after.includes(line), `keeps ${line}`);
  // what is left is what has no automatic fix (the secret in [env], the unknown key…)
  assert.match(r.stdout, /env-secret-like/);
  assert.doesNotMatch(r.stdout, /flycast-force-https|kill-signal-invalid|expected-table/);
  // a second run has nothing more to fix
  run(["check", "--fix", "--ips", join(root, "examples", "classic-mistakes", "ips.json"), join(dir, "fly.toml")]);
  assert.equal(readFileSync(join(dir, "fly.toml"), "utf8"), after);
});

test("--fix never touches a file it cannot parse beyond its fixes", () => {
  const dir = tmp();
  const broken = 'app = TODO\n[http_service]\n  internal_port = 8080\n';
  writeFileSync(join(dir, "fly.toml"), broken);
  const r = run(["check", "--fix", join(dir, "fly.toml")]);
  assert.equal(r.code, 1);
  assert.equal(readFileSync(join(dir, "fly.toml"), "utf8"), broken);
});

test("--version and --help", () => {
  assert.match(run(["--version"]).stdout, /^\d+\.\d+\.\d+\n$/);
  const h = run(["--help"]);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /--format text\|json\|sarif/);
});
