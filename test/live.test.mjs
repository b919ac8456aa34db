// The app as it runs: the fake flyctl's Machines and volumes (as flyctl prints them: fly-go's machine_types.go, volume_types.go), the flyctl
// adapter reading them, and `fly-toml check --machines / --volumes / --live`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, machine, volume } from "./helpers/service.mjs";
import { fakeFlyctl } from "./helpers/fake-flyctl.mjs";

const require = createRequire(import.meta.url);
const { Flyctl, commands } = require(join(root, "dist", "client-testable.js"));

const MACHINES = [
  {
    id: "e2865013a01d86",
    name: "billowing-sun-4321",
    state: "started",
    region: "ams",
    services: [{ protocol: "tcp", internal_port: 8080, autostop: true, autostart: true, min_machines_running: 1 }],
    mounts: [{ name: "data", volume: "vol_4y5e0p1kmvdd6lq9", path: "/data", size_gb: 1 }],
  },
  { id: "9185e6ec3d2e68", name: "quiet-river-88", state: "stopped", region: "fra", group: "worker" },
];
const VOLUMES = [
  { id: "vol_4y5e0p1kmvdd6lq9", name: "data", region: "ams", attached_machine_id: "e2865013a01d86" },
  { id: "vol_7kq2m9xz3w1p8r5n", name: "data", region: "fra", size_gb: 3 },
];

function liveFake(patch = {}) {
  const fake = fakeFlyctl(patch);
  const s = fake.state();
  s.apps.acme = { org: "personal", ips: [], machines: structuredClone(MACHINES), volumes: structuredClone(VOLUMES) };
  fake.set({ apps: s.apps });
  return fake;
}

const fly = (fake, ...args) => spawnSync(fake.flyctlPath, args, { env: fake.env, encoding: "utf8" });

test("the fake prints Machines and volumes in flyctl's shape: snake_case, host_status ok, groups in metadata", () => {
  const fake = liveFake();
  const r = fly(fake, "machines", "list", "--json", "-a", "acme");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\[\n {4}\{\n {8}"id": "e2865013a01d86"/, "4-space indent like render.JSON");
  const ms = JSON.parse(r.stdout);
  assert.equal(ms.length, 2);
  assert.equal(ms[0].host_status, "ok");
  assert.equal(ms[1].config.metadata.fly_process_group, "worker");
  assert.deepEqual(ms[0].config.services[0].force_instance_key, null);
  const v = JSON.parse(fly(fake, "vol", "ls", "--json", "-a", "acme").stdout);
  assert.equal(v[1].attached_machine_id, null, "unattached volumes say null, not nothing");
  assert.equal(fly(fake, "m", "ls", "--json", "-a", "empty").stdout, "[]\n", "no Machines is []");
});

test("the fake fails like flyctl: unknown app (flaps and GraphQL texts), unknown Machine, --json on start, a stop from stopped", () => {
  const fake = liveFake();
  const noApp = fly(fake, "machines", "list", "--json", "-a", "nope");
  assert.equal(noApp.status, 1);
  assert.match(noApp.stderr, /^Error: failed to list VMs: app not found \(Request ID: /);
  assert.match(fly(fake, "volumes", "list", "--json", "-a", "nope").stderr, /appbasic.*Could not find App/);
  assert.match(fly(fake, "machine", "start", "abcdef123456", "-a", "acme").stderr, /machine abcdef123456 was not found in app 'acme'/);
  assert.match(fly(fake, "machine", "start", "9185e6ec3d2e68", "--json", "-a", "acme").stderr, /unknown flag: --json/);
  const stopStopped = fly(fake, "machine", "stop", "9185e6ec3d2e68", "-a", "acme");
  assert.equal(stopStopped.status, 1);
  assert.match(stopStopped.stderr, /failed to stop VM 9185e6ec3d2e68: unable to stop machine from current state/);
});

test("machine stop returns before the Machine is down: it lists as stopping, then stopped; start makes it started", async () => {
  const fake = liveFake({ stopDelayMs: 400 });
  const stop = fly(fake, "machine", "stop", "e2865013a01d86", "-a", "acme");
  assert.equal(stop.status, 0, stop.stderr);
  assert.match(stop.stdout, /Sending kill signal to machine e2865013a01d86\.\.\.\ne2865013a01d86 has been successfully stopped/);
  const state = () => JSON.parse(fly(fake, "machines", "list", "--json", "-a", "acme").stdout)[0].state;
  assert.equal(state(), "stopping");
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(state(), "stopped");
  const start = fly(fake, "machine", "start", "e2865013a01d86", "-a", "acme");
  assert.equal(start.stdout, "e2865013a01d86 has been started\n");
  assert.equal(state(), "started");
});

test("autostop in the fake: a started Machine idle for autostopAfterMs lists as stopped (or suspended), dated when it stopped", async () => {
  const fake = liveFake();
  const s = fake.state();
  s.apps.acme.machines[1].autostopAfterMs = 1500;
  s.apps.acme.machines[1].autostopTo = "suspended";
  fake.set({ apps: s.apps });
  const row = () => JSON.parse(fly(fake, "machines", "list", "--json", "-a", "acme").stdout)[1];
  assert.equal(row().state, "stopped", "a stopped Machine stays stopped");
  assert.equal(fly(fake, "machine", "start", "9185e6ec3d2e68", "-a", "acme").status, 0);
  const started = row();
  assert.equal(started.state, "started", "just started: not idle yet");
  await new Promise((r) => setTimeout(r, 2100));
  const idle = row();
  assert.equal(idle.state, "suspended");
  assert.equal(Date.parse(idle.updated_at) - Date.parse(started.updated_at), 1000, "dated when the proxy stopped it (whole seconds)");
  assert.equal(row().state, "suspended", "and it stays so");
});

test("the adapter reads Machines and volumes with zod and tells the failures apart", async () => {
  const fake = liveFake();
  const flyctl = new Flyctl({ env: fake.env, home: fake.dir });
  const ms = await flyctl.exec(commands.machinesList("acme"));
  assert.ok(ms.ok);
  assert.deepEqual(
    ms.value.map((m) => [m.id, m.state, m.config.metadata.fly_process_group]),
    [
      ["e2865013a01d86", "started", "app"],
      ["9185e6ec3d2e68", "stopped", "worker"],
    ],
  );
  assert.equal((await flyctl.exec(commands.machinesList("nope"))).kind, "app-not-found", "flaps says 'app not found'");
  assert.equal((await flyctl.exec(commands.volumesList("nope"))).kind, "app-not-found", "GraphQL says 'Could not find App'");
  fake.set({ garbageMachines: true });
  const garbage = await flyctl.exec(commands.machinesList("acme"));
  assert.equal(garbage.kind, "failed");
  assert.match(garbage.message, /not valid JSON/);
  fake.set({ garbageMachines: false, loggedIn: false });
  assert.equal((await flyctl.exec(commands.volumesList("acme"))).kind, "not-logged-in");
  assert.throws(() => commands.machineStart("acme", "x; rm -rf /"), /not a Machine id/);
  assert.deepEqual(commands.machineStop("acme", "e2865013a01d86").args, ["machine", "stop", "e2865013a01d86", "-a", "acme"]);
  assert.ok(commands.machineStart("acme", "e2865013a01d86").timeoutMs > 60_000, "longer than flyctl's minute of lease retries");
});

// ---- the CLI

const CACHE = mkdtempSync(join(tmpdir(), "fly-toml-cache-"));
function cli(args, env = {}) {
  const r = spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FLY_TOML_CACHE_DIR: CACHE, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const APP_TOML =
  'app = "acme"\nprimary_region = "ams"\n\n[processes]\n  app = "bin/web"\n  worker = "bin/worker"\n  cron = "bin/cron"\n\n' +
  '[http_service]\n  internal_port = 8080\n  processes = ["app"]\n  auto_stop_machines = "stop"\n  auto_start_machines = true\n' +
  '  min_machines_running = 2\n\n[[mounts]]\n  source = "data"\n  destination = "/data"\n  processes = ["app"]\n';

function appDir() {
  const dir = mkdtempSync(join(tmpdir(), "fly-toml-live-"));
  writeFileSync(join(dir, "fly.toml"), APP_TOML);
  return dir;
}
const codes = (r) => JSON.parse(r.stdout)[0].diagnostics.map((d) => d.code);

test("check --machines and --volumes read saved outputs and turn on the live rules; without them they stay silent", () => {
  const dir = appDir();
  const ms = MACHINES.map((m) => machine(m));
  writeFileSync(join(dir, "machines.json"), JSON.stringify(ms, null, 4));
  writeFileSync(join(dir, "volumes.json"), JSON.stringify(VOLUMES.map((v) => volume({ ...v, attached: v.attached_machine_id }))));
  const without = cli(["check", "--format", "json", join(dir, "fly.toml")]);
  assert.deepEqual(
    codes(without).filter((c) => ["min-machines-unmet", "process-group-no-machines"].includes(c)),
    [],
  );
  const r = cli([
    "check",
    "--format",
    "json",
    "--machines",
    join(dir, "machines.json"),
    "--volumes",
    join(dir, "volumes.json"),
    join(dir, "fly.toml"),
  ]);
  assert.ok(codes(r).includes("min-machines-unmet"), r.stdout);
  const cron = JSON.parse(r.stdout)[0].diagnostics.find((d) => d.code === "process-group-no-machines");
  assert.match(cron.message, /process group 'cron'/);
  writeFileSync(join(dir, "status.json"), JSON.stringify([{ ID: "acme", Name: "acme" }]));
  const bad = cli(["check", "--machines", join(dir, "status.json"), join(dir, "fly.toml")]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^fly-toml: --machines .*status\.json: not the output of `fly machines list --json`: 0\.id/);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
});

test("check --live asks flyctl for the file's app (every part), and its findings match the live state", () => {
  const fake = liveFake();
  const dir = appDir();
  const r = cli(["check", "--format", "json", "--live", "--flyctl", fake.flyctlPath, join(dir, "fly.toml")], {
    FAKE_FLYCTL_STATE: fake.env.FAKE_FLYCTL_STATE,
  });
  assert.equal(r.stderr, "");
  const found = JSON.parse(r.stdout)[0].diagnostics;
  const unmet = found.find((d) => d.code === "min-machines-unmet");
  assert.match(unmet.message, /only 1 exists there/);
  assert.ok(found.some((d) => d.code === "process-group-no-machines" && /'cron'/.test(d.message)));
  const calls = fake
    .state()
    .calls.map((c) => c.slice(0, 2).join(" "))
    .sort();
  // every part of the app, its secrets (names only) included
  assert.deepEqual(calls, ["ips list", "machines list", "secrets list", "volumes list"]);
  // a saved part wins: flyctl is not asked for it
  writeFileSync(join(dir, "machines.json"), "[]");
  const fake2 = liveFake();
  cli(["check", "--live", "--machines", join(dir, "machines.json"), "--flyctl", fake2.flyctlPath, join(dir, "fly.toml")], {
    FAKE_FLYCTL_STATE: fake2.env.FAKE_FLYCTL_STATE,
  });
  assert.ok(!fake2.state().calls.some((c) => c[0] === "machines"));
});

test("check --live failures are one line each and the file rules still run", () => {
  const fake = liveFake({ loggedIn: false });
  const dir = appDir();
  const env = { FAKE_FLYCTL_STATE: fake.env.FAKE_FLYCTL_STATE };
  const r = cli(["check", "--live", "--flyctl", fake.flyctlPath, join(dir, "fly.toml")], env);
  assert.equal(r.stderr, "fly-toml: --live: acme: Not logged in: flyctl has no Fly.io session (log in with flyctl auth login)\n");
  assert.match(r.stdout, /in 1 file/, "the file was still checked");
  writeFileSync(join(dir, "fly.toml"), APP_TOML.replace('"acme"', '"nope"'));
  fake.set({ loggedIn: true });
  const missing = cli(["check", "--live", "--flyctl", fake.flyctlPath, join(dir, "fly.toml")], env);
  assert.equal(missing.stderr, 'fly-toml: --live: nope: Fly.io has no app named "nope" that this account can see\n');
  const noFlyctl = cli(["check", "--live", "--flyctl", join(dir, "no-flyctl"), join(dir, "fly.toml")], env);
  assert.match(noFlyctl.stderr, /^fly-toml: --live: --flyctl .*no-flyctl is not an executable file; the live rules stay silent\n$/);
  assert.equal(noFlyctl.code, 0);
  const usage = cli(["check", "--flyctl", fake.flyctlPath, join(dir, "fly.toml")]);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr, "fly-toml: --flyctl names the flyctl that --live runs: add --live\n");
});
