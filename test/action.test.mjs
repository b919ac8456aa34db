// action.yml run step by step, as a GitHub runner runs a composite action: its steps in order, `${{ … }}` filled in
// from the inputs (or their defaults), each `run` in bash -eo pipefail with the GITHUB_* files a runner gives
// (GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, the workspace as the working directory), the step outputs mapped to
// the action's outputs. The action runs from a copy of this repository's files (its `npm ci` then installs there,
// from npm's cache when it is warm, as on a runner with a cache).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { root } from "./helpers/service.mjs";
import { repoFiles } from "./helpers/repo-files.mjs";
import { withNpmLock } from "./helpers/npm-lock.mjs";

const action = yaml.load(readFileSync(join(root, "action.yml"), "utf8"));
let actionPath;

before(() => {
  // the repository as `uses: fly-toml/fly-toml@…` checks it out: its files, without node_modules or dist
  actionPath = mkdtempSync(join(tmpdir(), "fly-toml-action-path-"));
  for (const f of repoFiles()) {
    mkdirSync(join(actionPath, f, ".."), { recursive: true });
    cpSync(join(root, f), join(actionPath, f));
  }
});

/** `${{ inputs.x }}`, `${{ github.action_path }}`, `${{ steps.id.outputs.x }}` in a string. */
function expand(text, ctx) {
  return String(text).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr) => {
    const [scope, ...rest] = expr.split(".");
    if (scope === "inputs") return ctx.inputs[rest[0]] ?? "";
    if (scope === "github" && rest[0] === "action_path") return actionPath;
    if (scope === "steps") return ctx.steps[rest[0]]?.[rest[2]] ?? "";
    throw new Error(`an expression the test runner does not know: ${expr}`);
  });
}

/** Runs the action on a workspace; what a workflow sees: stdout, the exit status, the outputs and the summary. */
function runAction(workspace, given) {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? ""]));
  const ctx = { inputs, steps: {} };
  const summary = join(workspace, "..", `summary-${Date.now()}.md`);
  writeFileSync(summary, "");
  let stdout = "";
  let status = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses) {
      // the one action it uses puts Node on PATH: the Node running this test (the project's engines: Node 20 or later)
      assert.equal(step.uses, "actions/setup-node@v4");
      assert.equal(String(step.with["node-version"]), "20");
      assert.ok(Number(process.versions.node.split(".")[0]) >= 20);
      continue;
    }
    assert.equal(step.shell, "bash", "every run step names its shell");
    const output = join(workspace, "..", `output-${i}`);
    writeFileSync(output, "");
    const env = {
      PATH: `${join(process.execPath, "..")}:/usr/bin:/bin`,
      HOME: process.env.HOME,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      // a runner whose npm cache is warm (actions/setup-node's cache): npm ci reads the lockfile's packages from it
      npm_config_prefer_offline: "true",
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, ctx)])),
    };
    const cwd = step["working-directory"] ? expand(step["working-directory"], ctx) : workspace;
    const r = withNpmLock(() =>
      spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step.run, ctx)], {
        cwd,
        env,
        encoding: "utf8",
        timeout: 240_000,
      }),
    );
    stdout += r.stdout;
    if (step.id)
      ctx.steps[step.id] = Object.fromEntries(
        readFileSync(output, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
    if (r.status !== 0) {
      status = r.status;
      if (!step.id) assert.fail(`step ${step.name} failed: ${r.stderr}`);
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expand(v.value, ctx)]));
  return { stdout, status, outputs, summary: readFileSync(summary, "utf8") };
}

function sampleRepository() {
  const dir = mkdtempSync(join(tmpdir(), "fly-toml-action-repo-"));
  const workspace = join(dir, "repo");
  mkdirSync(join(workspace, "apps", "api"), { recursive: true });
  mkdirSync(join(workspace, "apps", "web"), { recursive: true });
  writeFileSync(
    join(workspace, "apps", "api", "fly.toml"),
    'app = "api"\nkill_signal = "TERM"\n\n[http_service]\n  internal_port = 8080\n',
  );
  writeFileSync(join(workspace, "apps", "web", "fly.toml"), 'app = "web"\n\n[http_service]\n  internal_port = 3000\n');
  return workspace;
}

test("the Action, step by step: workflow commands, the summary, a valid SARIF file and the outputs; errors fail it", async () => {
  const workspace = sampleRepository();
  const r = runAction(workspace, { paths: "apps" });
  assert.equal(r.status, 1, "an error fails the step");
  assert.match(r.stdout, /^::error file=apps\/api\/fly\.toml,line=2,col=15,.*title=fly-toml kill-signal-invalid::"TERM" is not a valid/m);
  assert.deepEqual(r.outputs, { "sarif-file": "fly-toml.sarif", errors: "1", warnings: "0" });
  assert.match(r.summary, /^### fly-toml\n\n1 error, 0 warnings, 2 hints in 2 files\. .*the SARIF report is fly-toml\.sarif\./m);
  const sarif = JSON.parse(readFileSync(join(workspace, r.outputs["sarif-file"]), "utf8"));
  const { default: Ajv } = await import("ajv-draft-04");
  const schema = JSON.parse(
    readFileSync(join(root, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8"),
  );
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
  const signal = sarif.runs[0].results.find((x) => x.ruleId === "kill-signal-invalid");
  assert.equal(signal.level, "error");
  assert.equal(signal.locations[0].physicalLocation.artifactLocation.uri, "apps/api/fly.toml");
});

test("the Action with fail-on-error: false reports the same and passes", () => {
  const workspace = sampleRepository();
  const r = runAction(workspace, { paths: "apps", "fail-on-error": "false", "sarif-file": "out/report.sarif" });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^::error file=apps\/api\/fly\.toml/m);
  assert.deepEqual(r.outputs, { "sarif-file": "out/report.sarif", errors: "1", warnings: "0" });
  assert.ok(existsSync(join(workspace, "out", "report.sarif")));
});
