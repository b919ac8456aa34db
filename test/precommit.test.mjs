// pre-commit, for real (Debian's pre-commit 3.0.4; .ci/run installs it): the hooks of .pre-commit-hooks.yaml on a
// sample repository. pre-commit 3.0.4 cannot install a `language: node` hook whose package builds in `prepack`
// (pre_commit/languages/node.py takes all of `npm pack`'s stdout as the tarball's name, and npm 10 prints the
// lifecycle banners there): the first test shows exactly that, so it fails the day that changes; the second runs
// each hook's entry on the files pre-commit passes it, as pre-commit would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { root, needsProgram } from "./helpers/service.mjs";
import { repoFiles } from "./helpers/repo-files.mjs";
import { withNpmLock } from "./helpers/npm-lock.mjs";

const PRE_COMMIT = "/usr/bin/pre-commit";
const found = existsSync(PRE_COMMIT);
const skip = needsProgram(found, "Debian's pre-commit (/usr/bin/pre-commit; .ci/run installs it)");

const MISTAKE = 'app = "api"\nkill_signal = "sigterm"\n\n[http_service]\n  internal_port = 8080\n';
const RIGHT = 'app = "web"\n\n[http_service]\n  internal_port = 3000\n';

function sampleRepository() {
  const dir = mkdtempSync(join(tmpdir(), "fly-toml-pre-commit-"));
  const git = (...args) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q");
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "dev");
  writeFileSync(join(dir, "fly.toml"), MISTAKE);
  writeFileSync(join(dir, "fly.web.toml"), RIGHT);
  writeFileSync(join(dir, "Cargo.toml"), "[package]\nname = 'x'\n");
  git("add", ".");
  return dir;
}

test("pre-commit 3.0.4 installs the node hook only as far as npm pack: it reads npm's lifecycle banner as the tarball", skip, () => {
  assert.ok(found, `${PRE_COMMIT} is installed`);
  const dir = sampleRepository();
  const home = mkdtempSync(join(tmpdir(), "pre-commit-home-"));
  // the hook repository as a user's clone of it: the checkout's files, committed (try-repo would leave out new files)
  const hookRepo = mkdtempSync(join(tmpdir(), "fly-toml-hook-repo-"));
  for (const f of repoFiles()) cpSync(join(root, f), join(hookRepo, f), { recursive: true });
  const git = (...args) => execFileSync("git", args, { cwd: hookRepo, stdio: "pipe" });
  git("init", "-q");
  git("add", ".");
  git("-c", "user.email=dev@example.com", "-c", "user.name=dev", "commit", "-q", "-m", "hooks");
  const r = withNpmLock(() =>
    spawnSync(PRE_COMMIT, ["try-repo", hookRepo, "fly-toml", "--all-files"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PRE_COMMIT_HOME: home, npm_config_prefer_offline: "true" },
      timeout: 300_000,
    }),
  );
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 3, out);
  // the tarball's name as pre-commit read it: npm's banner for the prepack build, then the name
  assert.match(out, /'install', '-g', '[^']*> fly-toml@[\d.]+ prepack\\n> npm run build/, out.slice(0, 2000));
});

test("each hook's entry on the files pre-commit passes it: the check names the finding, the fix applies the safe fixes", () => {
  const hooks = yaml.load(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8"));
  const dir = sampleRepository();
  const staged = execFileSync("git", ["diff", "--cached", "--name-only"], { cwd: dir, encoding: "utf8" }).split("\n").filter(Boolean);
  const run = (id) => {
    const hook = hooks.find((h) => h.id === id);
    assert.equal(hook.language, "node");
    const files = staged.filter((f) => new RegExp(hook.files).test(f));
    assert.deepEqual(files, ["fly.toml", "fly.web.toml"], "the staged fly.toml files, not Cargo.toml");
    // `entry` starts with the package's bin, as pre-commit's node environment puts it on PATH
    const [bin, ...args] = hook.entry.split(" ");
    assert.equal(bin, "fly-toml");
    return spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), ...args, ...files], { cwd: dir, encoding: "utf8" });
  };
  const check = run("fly-toml");
  assert.equal(check.status, 1, "a finding fails the commit");
  assert.match(check.stdout, /^fly\.toml:2:15 {2}error {2}"sigterm" is not a valid `kill_signal`.*\[kill-signal-invalid\]$/m);
  assert.equal(readFileSync(join(dir, "fly.toml"), "utf8"), MISTAKE, "the check changes nothing");
  const fix = run("fly-toml-fix");
  assert.equal(fix.status, 0, fix.stdout);
  assert.match(readFileSync(join(dir, "fly.toml"), "utf8"), /kill_signal = "SIGTERM"/, "the safe fix is applied");
  assert.equal(readFileSync(join(dir, "fly.web.toml"), "utf8"), RIGHT, "a right file is left as it was");
});
