// The CI integrations: the GitHub Action's step (scripts/action.mjs, as action.yml runs it) and the pre-commit hooks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers/service.mjs";

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "fly-toml-action-"));
  writeFileSync(join(dir, "fly.toml"), 'app = "api"\nkill_signal = "TERM"\n\n[env]\n  API_TOKEN = "xoxb-2741-9920-a8Fq2KzPbLmN"\n');
  writeFileSync(join(dir, "clean.toml"), "");
  return dir;
}

function runAction(dir, inputs) {
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_ACTION_PATH: root,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, "_")}`] = v;
  writeFileSync(env.GITHUB_OUTPUT, "");
  return spawnSync(process.execPath, [join(root, "scripts", "action.mjs")], { cwd: dir, env, encoding: "utf8" });
}

test("the action annotates the findings, writes SARIF for upload-sarif and sets its outputs; errors fail the step", () => {
  const dir = workspace();
  const r = runAction(dir, { paths: "fly.toml", "sarif-file": "out.sarif", "fail-on-error": "true" });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^::error file=fly\.toml,line=2,col=15,.*title=fly-toml kill-signal-invalid::/m);
  assert.match(r.stdout, /^::warning file=fly\.toml,line=5,.*env-secret-like/m);
  const sarif = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8"));
  assert.equal(sarif.version, "2.1.0");
  assert.equal(sarif.runs[0].results.length, 2);
  assert.deepEqual(readFileSync(join(dir, "output"), "utf8").trim().split("\n"), ["sarif-file=out.sarif", "errors=1", "warnings=1"]);
  assert.match(readFileSync(join(dir, "summary.md"), "utf8"), /1 error, 1 warning in 1 file/);
});

test("the action: fail-on-error false only reports; max-warnings fails on warnings; a bad path is exit 2 with one line", () => {
  const dir = workspace();
  assert.equal(runAction(dir, { paths: "fly.toml", "fail-on-error": "false" }).status, 0);
  writeFileSync(join(dir, "fly.toml"), '[env]\n  API_TOKEN = "xoxb-2741-9920-a8Fq2KzPbLmN"\n');
  assert.equal(runAction(dir, { paths: "fly.toml" }).status, 0, "a warning alone does not fail");
  assert.equal(runAction(dir, { paths: "fly.toml", "max-warnings": "0" }).status, 1);
  // select and ignore reach the CLI
  writeFileSync(join(dir, "fly.toml"), 'app = "api"\nkill_signal = "TERM"\n');
  assert.equal(runAction(dir, { paths: "fly.toml", ignore: "kill-signal-invalid" }).status, 0);
  assert.equal(runAction(dir, { paths: "fly.toml", select: "other" }).status, 1);
  writeFileSync(join(dir, "fly.toml"), '[env]\n  API_TOKEN = "xoxb-2741-9920-a8Fq2KzPbLmN"\n');
  const bad = runAction(dir, { paths: "nope/fly.toml" });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, "fly-toml: cannot read nope/fly.toml: no such file\n");
  // paths on several lines, as YAML block scalars give them, and the default "."
  const multi = runAction(dir, { paths: "fly.toml\n  \n" });
  assert.equal(multi.status, 0);
  assert.equal(runAction(dir, { paths: "" }).status, 0);
});

test("action.yml passes every input to the step, and the step reads only those", () => {
  const yml = readFileSync(join(root, "action.yml"), "utf8");
  const declared = [...yml.slice(yml.indexOf("inputs:"), yml.indexOf("outputs:")).matchAll(/^  ([a-z-]+):$/gm)].map((m) => m[1]);
  const passed = [...yml.matchAll(/INPUT_([A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(passed.map(([, i]) => i).sort(), [...declared].sort());
  for (const [env, i] of passed) assert.equal(env, i.toUpperCase().replace(/-/g, "_"));
  const script = readFileSync(join(root, "scripts", "action.mjs"), "utf8");
  assert.deepEqual([...new Set([...script.matchAll(/input\("([A-Z_]+)"\)/g)].map((m) => m[1]))].sort(), passed.map(([e]) => e).sort());
  assert.match(yml, /using: composite/);
  assert.match(yml, /node-version: 20/);
});

test("the pre-commit hooks run fly-toml on fly.toml and fly.*.toml only", () => {
  const hooks = readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8");
  assert.match(hooks, /- id: fly-toml\n  name: fly-toml check\n/);
  assert.match(hooks, /entry: fly-toml check\n/);
  assert.match(hooks, /language: node\n/);
  const files = new RegExp(/files: (.+)\n/.exec(hooks)[1]);
  for (const yes of ["fly.toml", "apps/api/fly.toml", "fly.staging.toml"]) assert.ok(files.test(yes), yes);
  for (const no of ["notfly.toml", "fly.toml.bak", "apps/fly/config.toml", "Cargo.toml"]) assert.ok(!files.test(no), no);
  // pre-commit passes the staged files as arguments: that is how the CLI takes them
  const r = spawnSync(
    process.execPath,
    [
      join(root, "bin", "fly-toml.js"),
      "check",
      join(root, "examples", "private-api", "fly.toml"),
      join(root, "examples", "multi-process", "fly.toml"),
    ],
    { encoding: "utf8" },
  );
  assert.match(r.stdout, /in 2 files/);
});
