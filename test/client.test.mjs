// The extension's logic without VS Code, against the fake flyctl: finding flyctl, running it, telling its
// failures apart, the Fly IPs tree for every state, and what each command does (and does not do).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, service } from "./helpers/service.mjs";
import { fakeFlyctl, FAKE } from "./helpers/fake-flyctl.mjs";

const require = createRequire(import.meta.url);
const client = require(join(root, "dist", "client-testable.js"));
const { Flyctl, locateFlyctl, commands, appNode, childrenOf, IpOperations, redact, withAppName, appNameOf } = client;

const flyctlFor = (fake, extra = {}) => new Flyctl({ env: fake.env, home: fake.dir, ...extra });

/** A Ui that answers from a script and records what it was shown. */
function scriptedUi(answers = {}) {
  const shown = [];
  return {
    shown,
    confirm: async (message, detail, action) => (shown.push({ confirm: message, detail, action }), answers.confirm ?? false),
    input: async (prompt) => (shown.push({ input: prompt }), (answers.inputs ?? []).shift() ?? ""),
    pick: async (items) => items[0],
    info: async (m, ...a) => (shown.push({ info: m, actions: a }), answers.choice),
    warn: async (m, ...a) => (shown.push({ warn: m, actions: a }), answers.choice),
    error: async (m, ...a) => (shown.push({ error: m, actions: a }), undefined),
    progress: async (title, task) => (shown.push({ progress: title }), task(new AbortController().signal, () => undefined)),
  };
}

// ---------- finding flyctl ----------

test("flyctl is found through the setting, $FLYCTL_INSTALL, PATH (flyctl, then fly) and ~/.fly/bin, in that order", () => {
  const fake = fakeFlyctl();
  const home = mkdtempSync(join(tmpdir(), "home-"));
  mkdirSync(join(home, ".fly", "bin"), { recursive: true });
  copyFileSync(FAKE, join(home, ".fly", "bin", "flyctl"));
  chmodSync(join(home, ".fly", "bin", "flyctl"), 0o755);
  const install = mkdtempSync(join(tmpdir(), "install-"));
  mkdirSync(join(install, "bin"));
  copyFileSync(FAKE, join(install, "bin", "flyctl"));
  chmodSync(join(install, "bin", "flyctl"), 0o755);
  const flyOnly = mkdtempSync(join(tmpdir(), "flyonly-"));
  copyFileSync(FAKE, join(flyOnly, "fly"));
  chmodSync(join(flyOnly, "fly"), 0o755);

  assert.deepEqual(locateFlyctl({ setting: fake.flyctlPath, trusted: true, env: {}, home }), { found: true, path: fake.flyctlPath, source: "setting" });
  assert.equal(locateFlyctl({ setting: fake.flyctlPath, trusted: false, env: {}, home }).source, "~/.fly/bin", "the setting is ignored in an untrusted workspace");
  assert.equal(locateFlyctl({ env: { FLYCTL_INSTALL: install, PATH: fake.bin }, home }).source, "FLYCTL_INSTALL");
  assert.equal(locateFlyctl({ env: { PATH: fake.bin }, home }).path, fake.flyctlPath);
  assert.equal(locateFlyctl({ env: { PATH: flyOnly }, home }).path, join(flyOnly, "fly"));
  assert.equal(locateFlyctl({ env: { PATH: "" }, home }).source, "~/.fly/bin");
  const none = locateFlyctl({ env: { PATH: "" }, home: mkdtempSync(join(tmpdir(), "empty-")) });
  assert.equal(none.found, false);
  assert.match(none.reason, /not found/);
  assert.match(locateFlyctl({ setting: "/no/such/flyctl", trusted: true, env: {}, home }).reason, /not an executable file/);
  assert.match(locateFlyctl({ setting: "relative/flyctl", trusted: true, env: {}, home }).reason, /absolute path/);
  // a relative PATH entry (the workspace) is never searched
  const ws = mkdtempSync(join(tmpdir(), "ws-"));
  copyFileSync(FAKE, join(ws, "flyctl"));
  chmodSync(join(ws, "flyctl"), 0o755);
  assert.equal(locateFlyctl({ env: { PATH: "." }, home: mkdtempSync(join(tmpdir(), "e-")) }).found, false);
});

test("a file that is not executable is not flyctl", async () => {
  const dir = mkdtempSync(join(tmpdir(), "noexec-"));
  writeFileSync(join(dir, "flyctl"), "#!/bin/sh\necho hi\n");
  chmodSync(join(dir, "flyctl"), 0o644);
  const r = await new Flyctl({ setting: join(dir, "flyctl"), trusted: true, env: { PATH: "" }, home: dir }).exec(commands.version());
  assert.equal(r.ok, false);
  assert.equal(r.kind, "not-installed");
});

// ---------- running it ----------

test("ips list --json is parsed: PascalCase, the shared IPv4 with an empty ID and the zero date, egress, Network null or an object", async () => {
  const fake = fakeFlyctl();
  const r = await flyctlFor(fake).exec(commands.ipsList("mixed"));
  assert.equal(r.ok, true);
  const types = r.value.map((ip) => ip.Type);
  assert.deepEqual(types, ["private_v6", "v4", "v6", "shared_v4", "egress_v4"]);
  const shared = r.value.find((ip) => ip.Type === "shared_v4");
  assert.deepEqual([shared.ID, shared.CreatedAt, shared.Network], ["", "0001-01-01T00:00:00Z", null]);
  assert.deepEqual(r.value[0].Network, { Name: "", Organization: { Slug: "personal" } });
  assert.deepEqual(fake.state().calls.at(-1), ["ips", "list", "--json", "-a", "mixed"]);
});

test("failures are told apart: not logged in, app not found, failed with flyctl's message, timed out, cancelled, bad output", async () => {
  const fake = fakeFlyctl();
  const f = flyctlFor(fake, { timeoutMs: 1500 });
  const kind = async (cmd) => {
    const r = await f.exec(cmd);
    return r.ok ? "ok" : `${r.kind}: ${r.message}`;
  };
  assert.match(await kind(commands.ipsList("nope")), /^app-not-found: .*Could not find App "nope"/);
  fake.set({ loggedIn: false });
  assert.match(await kind(commands.ipsList("mixed")), /^not-logged-in: flyctl is not logged in/);
  fake.set({ loggedIn: true, mode: "fail", failMessage: "failed to fetch an image or build from source: oops" });
  assert.equal(await kind(commands.ipsList("mixed")), "failed: failed to fetch an image or build from source: oops");
  fake.set({ mode: "garbage" });
  assert.match(await kind(commands.ipsList("mixed")), /^failed: flyctl's IP list was not JSON: <html>502/);
  fake.set({ mode: "partial" });
  assert.match(await kind(commands.ipsList("mixed")), /^failed: flyctl's IP list was not JSON/);
  fake.set({ mode: "extra-field" });
  assert.equal(await kind(commands.ipsList("mixed")), "ok", "an unknown extra field from a newer flyctl is accepted");
  fake.set({ mode: "hang" });
  const t = Date.now();
  assert.match(await kind(commands.ipsList("mixed")), /^timed-out: /);
  assert.ok(Date.now() - t < 6000);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const r = await flyctlFor(fake, { timeoutMs: 10000 }).exec(commands.ipsList("mixed"), { signal: ac.signal });
  assert.equal(r.kind, "cancelled");
  const missing = await new Flyctl({ env: { PATH: "" }, home: fake.dir }).exec(commands.version());
  assert.equal(missing.kind, "not-installed");
});

test("arguments are validated before anything runs: nothing from fly.toml can inject a command", async () => {
  const fake = fakeFlyctl();
  for (const bad of ["api; rm -rf /", "$(reboot)", "Api", "-a", "--config=/etc/passwd", "a b", ""]) assert.throws(() => commands.ipsList(bad), /not a Fly app name/);
  assert.throws(() => commands.ipsRelease("api", ["1.2.3.4; rm -rf /"]), /not an IP address/);
  assert.throws(() => commands.ipsRelease("api", ["--app=other"]), /not an IP address/);
  assert.throws(() => commands.ipsAllocatePrivate("api", { org: "x --network y" }), /organization slug/);
  assert.throws(() => commands.ipsAllocatePrivate("api", { network: "$HOME" }), /network name/);
  assert.equal(fake.state().calls, undefined, "flyctl never ran");
});

test("tokens never reach a message or a log", async () => {
  const token = "FlyV1 fm2_lJPECAAAAAAAAAxyzTOKENabcdefghijklmnop";
  const fake = fakeFlyctl({ mode: "fail", failMessage: `bad token ${token} rejected` });
  const lines = [];
  const r = await new Flyctl({ env: { ...fake.env, FLY_API_TOKEN: "supersecretvalue123" }, home: fake.dir, log: (l) => lines.push(l) }).exec(commands.ipsList("mixed"));
  assert.ok(!r.message.includes("fm2_"), r.message);
  assert.match(r.message, /\[token\]/);
  assert.ok(lines.every((l) => !l.includes("fm2_") && !l.includes("supersecretvalue123")), lines.join("\n"));
  assert.equal(redact("x supersecretvalue123 y", { FLY_API_TOKEN: "supersecretvalue123" }), "x [token] y");
});

// ---------- the tree ----------

const entry = { uri: "file:///w/api/fly.toml", relative: "api/fly.toml", app: "api" };

test("the tree: an app node with its exposure, addresses in words with distinct icons for public and private", () => {
  const ips = JSON.parse(JSON.stringify([...fakeFlyctl().state().apps.mixed.ips]));
  ips.push({ ID: "", Address: "66.241.125.150", Type: "shared_v4", Region: "", CreatedAt: "0001-01-01T00:00:00Z", Network: null }, { ID: "e", Address: "209.1.2.3", Type: "egress_v4", Region: "ams" });
  const app = appNode(entry, { kind: "ok", ips });
  assert.equal(app.label, "api");
  assert.match(app.description, /^private and public · api\/fly\.toml$/);
  assert.equal(app.contextValue, "flyApp.mixed");
  const kids = childrenOf(entry, { kind: "ok", ips });
  assert.deepEqual(kids.map((k) => [k.label, k.description, k.icon, k.contextValue]), [
    ["fdaa:0:33:0:1::20", "private Flycast IPv6 · global", "lock", "flyIp.private"],
    ["137.66.1.2", "public dedicated IPv4 · global", "globe", "flyIp.public"],
    ["2a09:8280:1::99:c0", "public dedicated IPv6 · global", "globe", "flyIp.public"],
    ["66.241.125.150", "public shared IPv4", "globe", "flyIp.public"],
    ["209.1.2.3", "egress IPv4 · ams", "arrow-up", "flyIp.egress"],
  ]);
  assert.match(kids[0].tooltip, /http:\/\/api\.flycast/);
  assert.equal(appNode(entry, { kind: "ok", ips: ips.filter((i) => i.Type === "private_v6") }).description, "private · api/fly.toml");
  assert.equal(appNode(entry, { kind: "ok", ips: [] }).description, "no addresses · api/fly.toml");
});

test("the tree: every state that needs a human has an explanation and a button", () => {
  const cases = {
    "not-installed": ["flyToml.setFlyctlPath", "vscode.open"],
    "not-logged-in": ["flyToml.login"],
    "no-app": ["flyToml.ips.pickApp"],
    "app-not-found": ["flyToml.ips.pickApp", "flyToml.ips.refresh"],
    failed: ["flyToml.ips.refresh"],
    "timed-out": ["flyToml.ips.refresh"],
  };
  for (const [failure, buttons] of Object.entries(cases)) {
    const kids = childrenOf(entry, { kind: "error", failure, message: "flyctl did not answer in time (network trouble?)" });
    assert.ok(kids[0].label.length > 10 && !kids[0].command, `${failure}: an explanation first`);
    assert.deepEqual(kids.filter((k) => k.command).map((k) => k.command.command), buttons, failure);
  }
  assert.match(childrenOf(entry, { kind: "error", failure: "not-logged-in", message: "" })[1].label, /flyctl auth login/);
});

// ---------- the commands ----------

function opsFor(fake, answers) {
  const ui = scriptedUi(answers);
  const changed = [];
  const ops = new IpOperations(flyctlFor(fake), ui, { changed: (app, ips) => changed.push([app, ips]) });
  return { ops, ui, changed };
}

test("release: nothing is released without the modal confirmation naming the address and the app", async () => {
  const fake = fakeFlyctl();
  const { ops, ui } = opsFor(fake, { confirm: false });
  assert.equal(await ops.release("mixed", "137.66.1.2"), undefined);
  assert.match(ui.shown[0].confirm, /Release 137\.66\.1\.2 from mixed\?/);
  assert.ok(!fake.state().calls?.some((c) => c[1] === "release"));
  assert.equal(fake.state().apps.mixed.ips.length, 3);
});

test("release: after confirmation the address goes, the list is read again and the server is told", async () => {
  const fake = fakeFlyctl();
  const { ops, ui, changed } = opsFor(fake, { confirm: true });
  const o = await ops.release("mixed", "137.66.1.2");
  assert.deepEqual(o.released, ["137.66.1.2"]);
  assert.ok(!fake.state().apps.mixed.ips.some((ip) => ip.Address === "137.66.1.2"));
  assert.deepEqual(fake.state().calls.slice(-2).map((c) => c.slice(0, 2)), [["ips", "release"], ["ips", "list"]]);
  assert.equal(changed.at(-1)[0], "mixed");
  assert.ok(changed.at(-1)[1].every((ip) => ip.Address !== "137.66.1.2"));
  assert.match(ui.shown.at(-1).info, /Released 137\.66\.1\.2 from mixed/);
});

test("release public IPs: one confirmation listing them all; afterwards only the private address is left", async () => {
  const fake = fakeFlyctl();
  const { ops, ui } = opsFor(fake, { confirm: true });
  const o = await ops.releasePublic("mixed");
  const confirm = ui.shown.find((s) => s.confirm);
  assert.match(confirm.confirm, /all 3 public addresses of mixed/);
  for (const a of ["137.66.1.2", "2a09:8280:1::99:c0", "66.241.125.150"]) assert.ok(confirm.detail.includes(a), a);
  assert.ok(!confirm.detail.includes("fdaa"), "the private address is not in the list");
  assert.deepEqual(o.released.sort(), ["137.66.1.2", "2a09:8280:1::99:c0", "66.241.125.150"].sort());
  const state = fake.state().apps.mixed;
  assert.deepEqual(state.ips.map((ip) => ip.Type), ["private_v6"]);
  assert.equal(state.sharedV4, undefined);
  assert.deepEqual(o.after.map((ip) => ip.Type), ["private_v6", "egress_v4"]);
});

test("release public IPs: when flyctl stops half way, the user is told what was and was not released", async () => {
  const fake = fakeFlyctl({ failRelease: "2a09:8280:1::99:c0" });
  const { ops, ui } = opsFor(fake, { confirm: true });
  const o = await ops.releasePublic("mixed");
  assert.deepEqual(o.released, ["137.66.1.2"]);
  assert.match(o.error, /Could not find IPAssignment/);
  const err = ui.shown.find((s) => s.error).error;
  assert.match(err, /Released 137\.66\.1\.2; 2a09:8280:1::99:c0, 66\.241\.125\.150 are still allocated to mixed — flyctl: .*Could not find IPAssignment/);
  assert.deepEqual(fake.state().apps.mixed.ips.map((ip) => ip.Address), ["fdaa:0:33:0:1::20", "2a09:8280:1::99:c0"]);
});

test("allocate a private IPv6 with an optional --org and --network", async () => {
  const fake = fakeFlyctl();
  const { ops } = opsFor(fake, { inputs: ["acme", "backend"] });
  const address = await ops.allocatePrivate("public");
  assert.match(address, /^fdaa:/);
  const call = fake.state().calls.find((c) => c[1] === "allocate-v6");
  assert.deepEqual(call, ["ips", "allocate-v6", "--private", "-a", "public", "--org", "acme", "--network", "backend"]);
  assert.deepEqual(fake.state().apps.public.ips.find((ip) => ip.Type === "private_v6").Network, { Name: "backend", Organization: { Slug: "acme" } });
  const bad = opsFor(fakeFlyctl(), { inputs: ["nobody", ""] });
  assert.equal(await bad.ops.allocatePrivate("public"), undefined);
  assert.match(bad.ui.shown.find((s) => s.error).error, /failed retrieving organization with slug nobody/);
});

test("make private: a Flycast address, the public ones released after confirmation, fly.toml fixed, the deploy hint", async () => {
  const fake = fakeFlyctl();
  const dir = mkdtempSync(join(tmpdir(), "app-"));
  const file = join(dir, "fly.toml");
  writeFileSync(file, 'app = "public"\n\n[http_service]\n  internal_port = 8080\n  force_https = true # from fly launch\n  auto_stop_machines = "stop"\n  auto_start_machines = false\n');
  const { ops, ui } = opsFor(fake, { confirm: true, choice: "Run fly deploy" });
  let deployed = false;
  const fixFile = async (ips) => {
    const text = readFileSync(file, "utf8");
    const fixed = service.fixAllText(text, ips);
    writeFileSync(file, fixed.text);
    return fixed.fixed;
  };
  const r = await ops.makePrivate("public", fixFile, () => (deployed = true));
  assert.match(r.allocated, /^fdaa:/);
  assert.deepEqual(r.released.sort(), ["2a09:8280:1::37:c0", "66.241.125.149"].sort());
  assert.equal(r.private, true);
  const state = fake.state().apps.public;
  assert.deepEqual(state.ips.map((ip) => ip.Type), ["private_v6"]);
  assert.equal(state.sharedV4, undefined);
  const text = readFileSync(file, "utf8");
  assert.match(text, /force_https = false # from fly launch/);
  assert.match(text, /auto_start_machines = true/);
  assert.deepEqual(service.analyze(text, state.ips).findings.filter((f) => f.severity === "error"), []);
  const last = ui.shown.at(-1);
  assert.match(last.info, /public is private: reach it at http:\/\/public\.flycast\..*Run `fly deploy`/);
  assert.deepEqual(last.actions, ["Run fly deploy"]);
  assert.equal(deployed, true);
});

test("make private: declining the release keeps the public addresses and says so", async () => {
  const fake = fakeFlyctl();
  const { ops, ui } = opsFor(fake, { confirm: false });
  const r = await ops.makePrivate("public", async () => 0, () => undefined);
  assert.equal(r.private, false);
  assert.deepEqual(r.released, []);
  assert.equal(fake.state().apps.public.sharedV4, "66.241.125.149");
  assert.match(ui.shown.at(-1).warn, /still has public addresses/);
});

test("make private stops with the reason when flyctl cannot list the app", async () => {
  const fake = fakeFlyctl({ loggedIn: false });
  const { ops, ui } = opsFor(fake, { confirm: true });
  assert.equal(await ops.makePrivate("public", async () => 0, () => undefined), undefined);
  assert.match(ui.shown.find((s) => s.error).error, /not logged in/);
  assert.ok(!fake.state().calls.some((c) => c[1] === "release" || c[1] === "allocate-v6"));
});

test("the app name of a fly.toml, and setting it after 'Pick the app'", () => {
  assert.equal(appNameOf('# x\napp = "api"\n'), "api");
  assert.equal(appNameOf("[env]\n  app = 'x'\n"), undefined);
  assert.equal(withAppName('# my app\nprimary_region = "ams"\n', "api"), '# my app\napp = "api"\nprimary_region = "ams"\n');
  assert.equal(withAppName('app = "old" # keep\n', "new"), 'app = "new" # keep\n');
});

test("the deploy line names the flyctl that was found, quoted for the shell", () => {
  const { deployCommand } = client;
  assert.equal(deployCommand({ found: true, path: "/usr/local/bin/fly", source: "PATH" }, "fly.toml", "linux"), "fly deploy");
  assert.equal(deployCommand({ found: true, path: "/usr/bin/flyctl", source: "PATH" }, "fly.staging.toml", "linux"), "flyctl deploy -c 'fly.staging.toml'");
  assert.equal(deployCommand({ found: true, path: "/home/me/.fly/bin/flyctl", source: "~/.fly/bin" }, "fly.toml", "linux"), "'/home/me/.fly/bin/flyctl' deploy");
  assert.equal(deployCommand({ found: true, path: "/opt/it's/flyctl", source: "setting" }, "fly.toml", "linux"), "'/opt/it'\\''s/flyctl' deploy");
  assert.equal(deployCommand({ found: true, path: "C:\\Users\\me\\.fly\\bin\\flyctl.exe", source: "~/.fly/bin" }, "fly.toml", "win32"), "& 'C:\\Users\\me\\.fly\\bin\\flyctl.exe' deploy");
  assert.equal(deployCommand({ found: false }, "fly.toml", "linux"), "fly deploy");
});
