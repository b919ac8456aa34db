// What `fly deploy` does beyond `fly config validate`, one test per family (issue 17). Each verdict was read in
// flyctl's source (internal/appconfig, internal/command/deploy, at v0.4.87-6), named beside the case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { service, machine } from "./helpers/service.mjs";

const findings = (text, live) => service.analyze(text, live).findings;
const codes = (text, live) => findings(text, live).map((f) => `${f.rule}:${f.severity}`);

test("TOML 1.1 as go-toml v2.4.3 reads it: no error, a hint that TOML 1.0 tools reject the form", () => {
  const text = `app = "eleven"
[http_service]
  internal_port = 8080
  concurrency = {
    type = "requests", # per request
    soft_limit = 20,
    hard_limit = 25,
  }
[env]
  ESC = "\\e[0m"
  A = "\\x41"
`;
  const f = findings(text);
  assert.deepEqual(
    f.filter((x) => x.severity === "error"),
    [],
  );
  assert.deepEqual(
    f.filter((x) => x.rule === "toml-1-1-form").map((x) => x.message.split(".")[0]),
    ["TOML 1", "TOML 1", "TOML 1", "TOML 1"],
  );
  assert.match(
    f.find((x) => x.rule === "toml-1-1-form").message,
    /an inline table over several lines\. flyctl reads it, but TOML 1\.0 tools/,
  );
  // a leading BOM stays an error: go-toml v2 fails on it (the spec allows it)
  assert.ok(codes(`\ufeff${text}`).includes("toml-syntax:error"));
});

test("deploy-time failures say that fly deploy fails, not that flyctl cannot read the file", () => {
  const text = `app = "deploys"
machine_config = "machine.yaml"
[processes]
  web = "bin/web"
  worker = "bin/worker"
[http_service]
  internal_port = 8080
  processes = ["web"]
  [[http_service.machine_checks]]
    image = "curlimages/curl"
[checks.alive]
  type = "tcp"
  processes = ["worker"]
[[vm]]
  memory = "512kb"
`;
  const errors = findings(text).filter((f) => f.severity === "error");
  // Flatten + updateMachineConfig (check port), ToTestMachineConfig (MissingCommand), ParseConfig (source),
  // computeToGuest (memory cannot be zero)
  assert.deepEqual(errors.map((f) => f.rule).sort(), [
    "machine-check-no-command",
    "machine-config-invalid",
    "toplevel-check-invalid",
    "vm-invalid",
  ]);
  for (const f of errors) {
    assert.match(f.message, /fly deploy fails/, f.rule);
    assert.doesNotMatch(f.message, /cannot read this file/, f.rule);
  }
});

test("legacy coercions only where flyctl's patch succeeds; elsewhere flyctl's own error", () => {
  const service_ = (line) =>
    `app = "legacy"\n[[services]]\n  internal_port = 8080\n  protocol = "tcp"\n  ${line}\n  [[services.ports]]\n    port = 80\n`;
  // patches.go _patchService: strings.Cut at "," and strconv.Atoi on each side
  assert.ok(codes(service_('concurrency = "20,25"')).includes("coerced-type:info"));
  for (const bad of ['"20, 25"', '"20"', '" 20,25"']) assert.ok(codes(service_(`concurrency = ${bad}`)).includes("wrong-type:error"), bad);
  // castToInt: strconv.Atoi reads digits and a sign, no spaces
  const port = (v) => `app = "legacy"\n[[services]]\n  internal_port = ${v}\n  protocol = "tcp"\n  [[services.ports]]\n    port = 80\n`;
  assert.deepEqual(codes(port('"+8080"')), ["coerced-type:info"]);
  assert.deepEqual(codes(port('"8080 "')), ["wrong-type:error"]);
  // patchProcesses: a name of any type is turned into a string (castToString), so the group is "5"
  const procs = `app = "legacy"\n[[processes]]\n  name = 5\n  command = "bin/worker"\n[[services]]\n  internal_port = 8080\n  protocol = "tcp"\n  processes = ["5"]\n  [[services.ports]]\n    port = 80\n`;
  assert.ok(!codes(procs).some((c) => c.startsWith("unknown-process-group")));
});

test("what flyctl reads leniently is no error: [env] by Go's %v, and an empty list is no list", () => {
  // _patchEnv: fmt.Sprintf("%v", v)
  const env = findings(`app = "env"\n[env]\n  PORT = 8080\n  HOSTS = ["a", "b"]\n  RATIO = 1e6\n`);
  assert.deepEqual(
    env.map((f) => `${f.rule}:${f.severity}`),
    ["coerced-type:info", "coerced-type:warning", "coerced-type:warning"],
  );
  assert.deepEqual(
    env.map((f) => f.fixes[0].edits[0].newText),
    ['"8080"', '"[a b]"', '"1e+06"'],
  );
  // an empty list where flyctl reads none (patches.go deletes it, or Flatten matches it to the default group): every
  // other rule says what it says without the key
  const base = (top, http, svc) =>
    `app = "a"\nprimary_region = "ams"\n${top}\n[http_service]\n  internal_port = 8080\n  force_https = false\n  auto_stop_machines = "stop"\n` +
    `  auto_start_machines = true\n  min_machines_running = 0\n${http}\n[[services]]\n  internal_port = 9000\n  protocol = "tcp"\n${svc}\n` +
    `  [[services.ports]]\n    port = 9000\n`;
  const others = (text, key) =>
    findings(text)
      .filter((f) => !(["legacy-key", "toml-1-1-form"].includes(f.rule) && text.slice(...f.span) === key))
      .map((f) => `${f.rule}:${text.slice(0, f.span[0]).split("\n").length}`);
  const without = others(base("", "", ""), "");
  for (const [where, key] of [
    ["top", "checks"],
    ["top", "env"],
    ["top", "mounts"],
    ["top", "vm"],
    ["top", "processes"],
    ["top", "files"],
    ["top", "restart"],
    ["top", "machine_checks"],
    ["http", "processes"],
    ["http", "checks"],
    ["svc", "processes"],
    ["svc", "http_checks"],
    ["svc", "tcp_checks"],
  ]) {
    const line = `${where === "top" ? "" : "  "}${key} = []`;
    const text = base(where === "top" ? line : "", where === "http" ? line : "", where === "svc" ? line : "");
    assert.deepEqual(others(text, key), without, `${where}: ${line}`);
  }
});

test("what a deploy does to the Machines' size: memory_mb wins, defaults fill what [[vm]] leaves, live guests compared", () => {
  // computeToGuest: SetSize(default), then memory, then memory_mb copied over it
  const both = findings(`app = "vm"\n[[vm]]\n  memory = "1gb"\n  cpus = 1\n  memory_mb = 256\n`);
  assert.match(both.find((f) => f.rule === "vm-memory-conflict").message, /the Machines get 256 MB/);
  const partial = findings(`app = "vm"\n[[vm]]\n  memory = "2gb"\n`);
  assert.match(
    partial.find((f) => f.rule === "vm-resets-on-deploy").message,
    /get 1 shared CPU and 2048 MB: the CPUs from the default size/,
  );
  const scaled = { machines: [machine({ id: "m1", guest: { cpu_kind: "shared", cpus: 4, memory_mb: 2048 } })], ips: null, volumes: null };
  const drift = findings(`app = "vm"\n[[vm]]\n  memory = "2gb"\n`, scaled).find((f) => f.rule === "live-config-drift");
  assert.match(
    drift.message,
    /gives the Machines of group 'app' 1 shared CPU and 2048 MB from this \[\[vm\]\], but its one Machine has 4 shared CPUs/,
  );
});
