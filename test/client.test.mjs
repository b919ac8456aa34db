// The extension's logic without VS Code, against the fake flyctl: finding flyctl, running it, telling its
// failures apart, the Fly IPs tree for every state, and what each command does (and does not do).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, service } from "./helpers/service.mjs";
import { fakeFlyctl, FAKE } from "./helpers/fake-flyctl.mjs";

const require = createRequire(import.meta.url);
const client = require(join(root, "dist", "client-testable.js"));
const { Flyctl, locateFlyctl, commands, appNode, childrenOf, IpOperations, redact, withAppName, appNameOf } = client;
const { stepsOfAllocate, stepsOfMakePrivate, stepsOfRelease } = client;

const flyctlFor = (fake, extra = {}) => new Flyctl({ env: fake.env, home: fake.dir, ...extra });

/**
 * A Ui that answers from a script and records what it was shown. `confirm`: the action to choose (true: the
 * first one; undefined: Cancel/Escape), or a function of what is shown; `inputs`/`picks`: answers in order
 * (undefined: Escape; a pick answer is the label to choose).
 */
function scriptedUi(answers = {}) {
  const shown = [];
  const inputs = [...(answers.inputs ?? [])];
  const picks = [...(answers.picks ?? [])];
  return {
    shown,
    confirm: async (message, detail, ...actions) => {
      shown.push({ confirm: message, detail, actions, calls: answers.calls?.() });
      const a = typeof answers.confirm === "function" ? answers.confirm(message, actions) : answers.confirm;
      return a === true ? actions[0] : a === false ? undefined : a;
    },
    input: async (o) => {
      shown.push({ input: o.prompt, validate: o.validate });
      const v = inputs.length ? inputs.shift() : "";
      if (v !== undefined && o.validate?.(v)) throw new Error(`the input box would not accept ${JSON.stringify(v)}: ${o.validate(v)}`);
      return v;
    },
    pick: async (items, placeHolder) => {
      shown.push({ pick: placeHolder, items: items.map((i) => i.label) });
      if (!picks.length) return items[0].value;
      const label = picks.shift();
      return label === undefined ? undefined : items.find((i) => i.label === label).value;
    },
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

  assert.deepEqual(locateFlyctl({ setting: fake.flyctlPath, trusted: true, env: {}, home }), {
    found: true,
    path: fake.flyctlPath,
    source: "setting",
  });
  assert.equal(
    locateFlyctl({ setting: fake.flyctlPath, trusted: false, env: {}, home }).source,
    "~/.fly/bin",
    "the setting is ignored in an untrusted workspace",
  );
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

test("ips list --json is parsed: PascalCase, the shared IPv4 (empty ID, zero date), egress, Network null or an object", async () => {
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
  // the same words as the view's row, never flyctl's GraphQL query
  assert.equal(
    await kind(commands.ipsList("nope")),
    'app-not-found: App not found: Fly.io has no app named "nope" that this account can see.',
  );
  assert.equal(
    (await f.exec(commands.volumesList("nope"))).message,
    'App not found: Fly.io has no app named "nope" that this account can see.',
  );
  fake.set({ loggedIn: false });
  assert.match(await kind(commands.ipsList("mixed")), /^not-logged-in: Not logged in: flyctl has no Fly\.io session/);
  fake.set({ loggedIn: true, mode: "fail", failMessage: "failed to fetch an image or build from source: oops" });
  assert.equal(await kind(commands.ipsList("mixed")), "failed: failed to fetch an image or build from source: oops");
  // an answer that is not JSON: said in words, the answer itself only in the log
  fake.set({ mode: "garbage" });
  const logged = [];
  const g = await flyctlFor(fake, { log: (l) => logged.push(l) }).exec(commands.ipsList("mixed"));
  assert.equal(g.message, "flyctl's answer was not valid JSON (details in the fly.toml output channel)");
  assert.ok(
    logged.some((l) => l.includes("<html>502 Bad Gateway</html>")),
    logged.join("\n"),
  );
  fake.set({ mode: "partial" });
  assert.match(await kind(commands.ipsList("mixed")), /^failed: flyctl's answer was not valid JSON/);
  fake.set({ mode: "extra-field" });
  assert.equal(await kind(commands.ipsList("mixed")), "ok", "an unknown extra field from a newer flyctl is accepted");
  fake.set({ mode: "hang" });
  const t = Date.now();
  assert.match(
    await kind(commands.ipsList("mixed")),
    /^timed-out: Timed out: flyctl did not answer within 2 s \(listing the IP addresses of mixed\)/,
  );
  assert.ok(Date.now() - t < 6000);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const r = await flyctlFor(fake, { timeoutMs: 10000 }).exec(commands.ipsList("mixed"), { signal: ac.signal });
  assert.equal(r.kind, "cancelled");
  assert.equal(r.message, "Cancelled: listing the IP addresses of mixed");
  const missing = await new Flyctl({ env: { PATH: "" }, home: fake.dir }).exec(commands.version());
  assert.equal(missing.kind, "not-installed");
});

test("a timeout is final at its limit even when a child of flyctl holds the output open, and the child is killed", async () => {
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const fake = fakeFlyctl({ mode: "hang", childHoldsOutput: true });
  const t = Date.now();
  const r = await flyctlFor(fake, { timeoutMs: 1000 }).exec(commands.ipsList("mixed"));
  const took = Date.now() - t;
  assert.equal(r.kind, "timed-out");
  assert.equal(r.message, "Timed out: flyctl did not answer within 1 s (listing the IP addresses of mixed); network trouble?");
  assert.ok(took < 1800, `the result came ${took} ms after the start, for a limit of 1 s`);
  const child = fake.state().childPid;
  assert.ok(child, "the fake started its child");
  const deadline = Date.now() + 4000;
  while (alive(child) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  assert.equal(alive(child), false, "the child holding flyctl's output is killed with it");

  // flyctl answers and exits while its child keeps the pipe: the answer is taken at once, not a minute later
  fake.set({ mode: undefined });
  const t2 = Date.now();
  const ok = await flyctlFor(fake, { timeoutMs: 5000 }).exec(commands.ipsList("mixed"));
  assert.equal(ok.ok, true);
  assert.ok(Date.now() - t2 < 2500, `the answer took ${Date.now() - t2} ms`);
  process.kill(fake.state().childPid);
});

test("arguments are validated before anything runs: nothing from fly.toml can inject a command", async () => {
  const fake = fakeFlyctl();
  for (const bad of ["api; rm -rf /", "$(reboot)", "Api", "-a", "--config=/etc/passwd", "a b", ""])
    assert.throws(() => commands.ipsList(bad), /not a Fly app name/);
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
  const r = await new Flyctl({
    env: { ...fake.env, FLY_API_TOKEN: "supersecretvalue123" },
    home: fake.dir,
    log: (l) => lines.push(l),
  }).exec(commands.ipsList("mixed"));
  assert.ok(!r.message.includes("fm2_"), r.message);
  assert.match(r.message, /\[token\]/);
  assert.ok(
    lines.every((l) => !l.includes("fm2_") && !l.includes("supersecretvalue123")),
    lines.join("\n"),
  );
  assert.equal(redact("x supersecretvalue123 y", { FLY_API_TOKEN: "supersecretvalue123" }), "x [token] y");
});

// ---------- the tree ----------

const entry = {
  uri: "file:///w/api/fly.toml",
  relative: "api/fly.toml",
  app: "api",
  files: [{ uri: "file:///w/api/fly.toml", relative: "api/fly.toml" }],
};

test("the tree: an app node with its exposure, addresses in words with distinct icons for public and private", () => {
  const ips = JSON.parse(JSON.stringify([...fakeFlyctl().state().apps.mixed.ips]));
  ips.push(
    { ID: "", Address: "66.241.125.150", Type: "shared_v4", Region: "", CreatedAt: "0001-01-01T00:00:00Z", Network: null },
    { ID: "e", Address: "209.1.2.3", Type: "egress_v4", Region: "ams" },
  );
  const app = appNode(entry, { kind: "ok", value: ips });
  assert.equal(app.label, "api");
  assert.match(app.description, /^private and public · api\/fly\.toml$/);
  const two = { ...entry, files: [...entry.files, { uri: "file:///w/api/fly.staging.toml", relative: "api/fly.staging.toml" }] };
  assert.equal(
    appNode(two, { kind: "ok", value: ips }).description,
    "private and public · api/fly.toml, api/fly.staging.toml",
    "one node per app, its config files named",
  );
  assert.match(
    appNode(entry, { kind: "ok", value: ips }, true).description,
    /^private and public \(refreshing…\) · /,
    "a refresh keeps the rows it has",
  );
  assert.equal(app.contextValue, "flyApp.mixed");
  const kids = childrenOf(entry, { kind: "ok", value: ips });
  assert.deepEqual(
    kids.map((k) => [k.label, k.description, k.icon, k.contextValue]),
    [
      ["fdaa:0:33:0:1::20", "private Flycast IPv6 · global", "lock", "flyIp.private"],
      ["137.66.1.2", "public dedicated IPv4 · global", "globe", "flyIp.public"],
      ["2a09:8280:1::99:c0", "public dedicated IPv6 · global", "globe", "flyIp.public"],
      ["66.241.125.150", "public shared IPv4", "globe", "flyIp.public"],
      ["209.1.2.3", "egress IPv4 · ams", "arrow-up", "flyIp.egress"],
    ],
  );
  assert.match(kids[0].tooltip, /http:\/\/api\.flycast/);
  assert.equal(appNode(entry, { kind: "ok", value: ips.filter((i) => i.Type === "private_v6") }).description, "private · api/fly.toml");
  assert.equal(appNode(entry, { kind: "ok", value: [] }).description, "no addresses · api/fly.toml");
});

test("an app Fly.io does not know: its row and every message say so in the same words, and it offers no writing command", async () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  // the menus whose `when` shows a command on a row with this contextValue (VS Code's =~ is a JS regex)
  const offered = (contextValue) =>
    pkg.contributes.menus["view/item/context"]
      .filter((m) => {
        const re = /viewItem =~ \/(.*)\/$/.exec(m.when);
        return re && new RegExp(re[1]).test(contextValue);
      })
      .map((m) => m.command);
  const notFound = appNode(entry, { kind: "error", failure: "app-not-found", message: "x" });
  assert.equal(notFound.contextValue, "flyApp.notFound");
  for (const writing of ["flyToml.makePrivate", "flyToml.ips.allocatePrivate", "flyToml.ips.releasePublic", "flyToml.deploy"]) {
    assert.ok(!offered(notFound.contextValue).includes(writing), `${writing} is not offered on an app Fly.io does not know`);
    assert.ok(offered("flyApp.public").includes(writing), `${writing} is offered on a public app`);
  }
  assert.ok(offered(notFound.contextValue).includes("flyToml.pickApp"), "Pick the app stays");

  const fake = fakeFlyctl();
  const ui = scriptedUi({ confirm: true });
  const ops = new IpOperations(flyctlFor(fake), ui, { changed: () => undefined });
  await ops.releasePublic("acme-worker");
  const row = childrenOf({ ...entry, app: "acme-worker" }, { kind: "error", failure: "app-not-found", message: "" })[0].label;
  const said = ui.shown.find((x) => x.error).error;
  assert.equal(said, `Could not read the addresses of acme-worker: ${row}`);
  assert.doesNotMatch(said, /query|\{/, "no GraphQL in a message");
});

test("the tree: every state that needs a human has an explanation and a button", () => {
  const cases = {
    "not-installed": ["flyToml.setFlyctlPath", "vscode.open"],
    "not-logged-in": ["flyToml.login"],
    "no-app": ["flyToml.pickApp"],
    "app-not-found": ["flyToml.pickApp", "flyToml.apps.refresh"],
    failed: ["flyToml.apps.refresh"],
    "timed-out": ["flyToml.apps.refresh"],
  };
  for (const [failure, buttons] of Object.entries(cases)) {
    const kids = childrenOf(entry, { kind: "error", failure, message: "flyctl did not answer in time (network trouble?)" });
    assert.ok(kids[0].label.length > 10 && !kids[0].command, `${failure}: an explanation first`);
    assert.deepEqual(
      kids.filter((k) => k.command).map((k) => k.command.command),
      buttons,
      failure,
    );
    for (const k of kids) assert.doesNotMatch(k.label, /`/, "plain words: no Markdown in a tree row");
  }
  // what matters comes first, so a row cut off at the view's edge still says what is wrong
  assert.match(childrenOf(entry, { kind: "error", failure: "app-not-found", message: "" })[0].label, /^App not found: /);
  assert.match(childrenOf(entry, { kind: "error", failure: "no-app", message: "" })[0].label, /^No app name: /);
  // Retry, Log in, private and Make private each have an icon of their own
  const icon = (failure, i) => childrenOf(entry, { kind: "error", failure, message: "x" })[i].icon;
  assert.equal(icon("failed", 1), "refresh");
  assert.equal(icon("not-logged-in", 1), "sign-in");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const cmdIcon = (id) => pkg.contributes.commands.find((c) => c.command === id).icon;
  assert.equal(appNode(entry, { kind: "ok", value: [{ ID: "p", Address: "fdaa::1", Type: "private_v6" }] }).icon, "lock");
  assert.equal(new Set([cmdIcon("flyToml.makePrivate"), cmdIcon("flyToml.apps.refresh"), "$(lock)", "$(sign-in)"]).size, 4);
});

test("the apps of a workspace: one per app name, its files fly.toml first, a file without a name on its own", () => {
  const { groupApps } = client;
  const f = (relative, text) => ({ uri: `file:///w/${relative}`, relative, text });
  const apps = groupApps([
    f("api/fly.staging.toml", 'app = "api"\n'),
    f("web/fly.toml", 'app = "web"\n'),
    f("api/fly.toml", "app = 'api'\n"),
    f("tools/fly.toml", "# no app yet\n"),
    f("api/fly.preview.toml", 'app = "api-preview"\n'),
  ]);
  assert.deepEqual(
    apps.map((a) => [a.app, a.files.map((x) => x.relative)]),
    [
      ["api", ["api/fly.toml", "api/fly.staging.toml"]],
      ["api-preview", ["api/fly.preview.toml"]],
      [undefined, ["tools/fly.toml"]],
      ["web", ["web/fly.toml"]],
    ],
  );
  assert.equal(apps[0].uri, "file:///w/api/fly.toml", "the app's fly.toml comes before fly.staging.toml");
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
  assert.deepEqual(
    fake
      .state()
      .calls.slice(-2)
      .map((c) => c.slice(0, 2)),
    [
      ["ips", "release"],
      ["ips", "list"],
    ],
  );
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
  assert.deepEqual(
    state.ips.map((ip) => ip.Type),
    ["private_v6"],
  );
  assert.equal(state.sharedV4, undefined);
  assert.deepEqual(
    o.after.map((ip) => ip.Type),
    ["private_v6", "egress_v4"],
  );
});

test("release public IPs: when flyctl stops half way, the user is told what was and was not released", async () => {
  const fake = fakeFlyctl({ failRelease: "2a09:8280:1::99:c0" });
  const { ops, ui } = opsFor(fake, { confirm: true });
  const o = await ops.releasePublic("mixed");
  assert.deepEqual(o.released, ["137.66.1.2"]);
  assert.match(o.error, /Could not find IPAssignment/);
  const err = ui.shown.find((s) => s.error).error;
  assert.match(
    err,
    new RegExp(
      /Released 137\.66\.1\.2; 2a09:8280:1::99:c0, 66\.241\.125\.150 are/.source +
        / still allocated to mixed \(flyctl: .*Could not find IPAssignment\)\.$/.source,
    ),
  );
  assert.deepEqual(
    fake.state().apps.mixed.ips.map((ip) => ip.Address),
    ["fdaa:0:33:0:1::20", "2a09:8280:1::99:c0"],
  );
});

const WRITES = new Set(["release", "allocate-v6", "allocate-v4", "allocate"]);
const writeCalls = (fake) => (fake.state().calls ?? []).filter((c) => c[0] === "ips" && WRITES.has(c[1]));

test("allocate: the organization from flyctl orgs list, the network checked as typed, then a confirmation", async () => {
  const fake = fakeFlyctl();
  const { ops, ui } = opsFor(fake, { picks: ["acme"], inputs: ["backend"], confirm: "Allocate" });
  const address = await ops.allocatePrivate("public");
  assert.match(address, /^fdaa:/);
  const pick = ui.shown.find((x) => x.pick);
  assert.deepEqual(pick.items, ["The app's own organization", "acme", "personal"], "the orgs flyctl lists, not a guessed placeholder");
  const network = ui.shown.find((x) => x.input);
  assert.equal(network.validate("backend_1"), undefined);
  assert.match(network.validate("no spaces"), /network name/);
  assert.equal(network.validate(""), undefined, "empty is the default network");
  const confirm = ui.shown.find((x) => x.confirm);
  assert.match(confirm.confirm, /Allocate a private Flycast IPv6 address for public\?/);
  assert.match(confirm.detail, /Organization: acme\nNetwork: backend/);
  assert.deepEqual(writeCalls(fake), [["ips", "allocate-v6", "--private", "-a", "public", "--org", "acme", "--network", "backend"]]);
  assert.deepEqual(fake.state().apps.public.ips.find((ip) => ip.Type === "private_v6").Network, {
    Name: "backend",
    Organization: { Slug: "acme" },
  });
});

test("allocate: Escape at the organization, at the network, or Cancel at the confirmation allocates nothing", async () => {
  for (const answers of [{ picks: [undefined] }, { inputs: [undefined] }, { confirm: undefined }]) {
    const fake = fakeFlyctl();
    const { ops, ui } = opsFor(fake, answers);
    assert.equal(await ops.allocatePrivate("public"), undefined);
    assert.deepEqual(writeCalls(fake), [], JSON.stringify(answers));
    assert.ok(!ui.shown.some((x) => x.error || x.warn || x.info), "and says nothing");
  }
});

test("allocate: when flyctl cannot list the organizations, the slug is typed and checked", async () => {
  const fake = fakeFlyctl({ loggedIn: false });
  const { ops, ui } = opsFor(fake, { inputs: ["", ""], confirm: "Allocate" });
  await ops.allocatePrivate("public");
  const org = ui.shown.find((x) => x.input);
  assert.match(org.input, /Organization/);
  assert.match(org.validate("x --network y"), /organization slug/);
});

/** Config files on disk, planned on with the language service as the server does, and applied on disk. */
function diskEdits(files, o = {}) {
  const done = { planned: 0, applied: [], reviewed: 0 };
  const edits = {
    done,
    async plan(ips) {
      done.planned++;
      return files.map((f) => {
        const before = readFileSync(f, "utf8");
        const r = service.privateAppFixes(before, ips);
        return {
          uri: f,
          relative: f.split("/").slice(-2).join("/"),
          before,
          after: r.text,
          fixes: r.fixes,
          dirty: false,
          problem: r.problem,
        };
      });
    },
    async review() {
      done.reviewed++;
      return o.review ?? true;
    },
    async apply(plans) {
      for (const p of plans) writeFileSync(p.uri, p.after);
      done.applied.push(plans.length);
      return plans.map((p) => ({
        uri: p.uri,
        relative: p.relative,
        before: p.before,
        changedLines: service.changedLines(p.before, p.after),
        saved: true,
      }));
    },
  };
  return edits;
}

const LAUNCHED =
  '# fly.toml app configuration file generated for public\napp = "public"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = ' +
  '8080\n  force_https = true\n  auto_stop_machines = "stop"\n  auto_start_machines = true\n  min_machines_running = 1\n  processes = ' +
  '["app"]\n\n[[vm]]\n  memory = "1gb"\n';

function appDir(files) {
  const dir = mkdtempSync(join(tmpdir(), "app-"));
  return Object.entries(files).map(([name, text]) => (writeFileSync(join(dir, name), text), join(dir, name)));
}

test("make private: the whole plan is shown before anything changes, then allocate, release, and only the Flycast fixes", async () => {
  const fake = fakeFlyctl();
  const [file] = appDir({ "fly.toml": LAUNCHED });
  let callsAtConfirm;
  const { ops, ui } = opsFor(fake, {
    confirm: (m, actions) => ((callsAtConfirm = writeCalls(fake)), actions[0]),
    choice: "Run fly deploy",
  });
  let deployed = false;
  const r = await ops.makePrivate("public", diskEdits([file]), () => (deployed = true));
  assert.deepEqual(callsAtConfirm, [], "nothing was allocated or released before the confirmation");
  const confirm = ui.shown.find((x) => x.confirm);
  assert.equal(confirm.confirm, "Make public private?");
  assert.deepEqual(confirm.actions, ["Make private", "Review file changes…"]);
  assert.match(confirm.detail, /allocate a private Flycast IPv6 address, so the app is reached at http:\/\/public\.flycast/);
  assert.match(confirm.detail, /release its 2 public addresses: 2a09:8280:1::37:c0, 66\.241\.125\.149/);
  assert.match(confirm.detail, /line 7: Set force_https = false \(Flycast is HTTP-only/);
  assert.doesNotMatch(confirm.detail, /`/, "plain sentences in a dialog");
  // the order: allocate first (the app is never unreachable), then release
  assert.deepEqual(
    writeCalls(fake).map((c) => c[1]),
    ["allocate-v6", "release"],
  );
  assert.match(r.allocated, /^fdaa:/);
  assert.deepEqual(r.released.sort(), ["2a09:8280:1::37:c0", "66.241.125.149"].sort());
  assert.equal(r.private, true);
  // only force_https changed: min_machines_running, the missing concurrency, everything else stays
  const after = readFileSync(file, "utf8");
  assert.equal(after, LAUNCHED.replace("force_https = true", "force_https = false"));
  const last = ui.shown.at(-1);
  assert.match(
    last.info,
    new RegExp(
      /^public is private: reach it at http:\/\/public\.flycast from your/.source +
        / organization's network\. Changed .*fly\.toml \(1 line\)\. Run fly deploy/.source,
    ),
  );
  assert.deepEqual(last.actions, ["Run fly deploy"]);
  assert.equal(deployed, true);
});

test("make private: Cancel (or Escape) at the plan changes nothing: no flyctl write, no edit, no deploy prompt", async () => {
  const fake = fakeFlyctl();
  const [file] = appDir({ "fly.toml": LAUNCHED });
  const edits = diskEdits([file]);
  const { ops, ui } = opsFor(fake, { confirm: undefined });
  assert.equal(await ops.makePrivate("public", edits, () => assert.fail("no deploy")), undefined);
  assert.deepEqual(writeCalls(fake), []);
  assert.equal(readFileSync(file, "utf8"), LAUNCHED);
  assert.deepEqual(edits.done.applied, []);
  assert.ok(!ui.shown.some((x) => x.info || x.warn || x.error), "and no message");
});

test("make private: the file changes can be reviewed first; Cancel after the review changes nothing", async () => {
  const fake = fakeFlyctl();
  const [file] = appDir({ "fly.toml": LAUNCHED });
  const declined = diskEdits([file], { review: false });
  const { ops } = opsFor(fake, { confirm: "Review file changes…" });
  assert.equal(await ops.makePrivate("public", declined, () => undefined), undefined);
  assert.equal(declined.done.reviewed, 1);
  assert.deepEqual(writeCalls(fake), []);
  assert.equal(readFileSync(file, "utf8"), LAUNCHED);
  // agreed after the review: the addresses, then the edits
  const agreed = diskEdits([file]);
  const r = await opsFor(fake, { confirm: "Review file changes…" }).ops.makePrivate("public", agreed, () => undefined);
  assert.equal(r.private, true);
  assert.deepEqual(agreed.done.applied, [1]);
  assert.match(readFileSync(file, "utf8"), /force_https = false/);
});

test("make private: when the allocation fails, nothing else runs and the files are untouched", async () => {
  const fake = fakeFlyctl({ failAllocate: "failed to allocate: the organization has reached its IP limit" });
  const [file] = appDir({ "fly.toml": LAUNCHED });
  const edits = diskEdits([file]);
  const { ops, ui } = opsFor(fake, { confirm: true });
  assert.equal(await ops.makePrivate("public", edits, () => undefined), undefined);
  assert.equal(readFileSync(file, "utf8"), LAUNCHED);
  assert.deepEqual(edits.done.applied, []);
  assert.deepEqual(
    writeCalls(fake).map((c) => c[1]),
    ["allocate-v6"],
    "no release after a failed allocation",
  );
  assert.match(
    ui.shown.at(-1).error,
    new RegExp(
      /Could not allocate a Flycast address for public: failed to allocate:/.source +
        / the organization has reached its IP limit\. Nothing else was changed\./.source,
    ),
  );
});

test("make private: when a release fails half way, the app is not private and the files are left as they were", async () => {
  const fake = fakeFlyctl({ failRelease: "66.241.125.149" });
  const [file] = appDir({ "fly.toml": LAUNCHED });
  const edits = diskEdits([file]);
  const { ops, ui } = opsFor(fake, { confirm: true });
  const r = await ops.makePrivate("public", edits, () => assert.fail("no deploy prompt for an app that is still public"));
  assert.equal(r.private, false);
  assert.equal(readFileSync(file, "utf8"), LAUNCHED);
  const err = ui.shown.at(-1).error;
  assert.match(
    err,
    new RegExp(
      /^public is not private yet\. Allocated the Flycast address fdaa:[0-9a-f:]+\. Released 2a09:8280:1::37:c0; 66\.241\.125\.149/.source +
        / is still allocated to public \(flyctl: .*Could not find IPAssignment\)\. The config files were not changed/.source,
    ),
  );
  assert.ok(!ui.shown.some((x) => x.actions?.includes("Run fly deploy")));
});

test("make private: every config file of the app is in the plan, and an app with a service gets no new one", async () => {
  const fake = fakeFlyctl();
  const [main, staging] = appDir({
    "fly.toml": LAUNCHED,
    "fly.staging.toml": 'app = "public"\n\n[env]\n  API = "https://public.flycast/v1"\n',
  });
  const { ops, ui } = opsFor(fake, { confirm: true });
  const r = await ops.makePrivate("public", diskEdits([main, staging]), () => undefined);
  const detail = ui.shown.find((x) => x.confirm).detail;
  assert.match(detail, /• change [^\n]*\/fly\.toml:\n   ◦ line 7: Set force_https = false/);
  assert.match(
    detail,
    new RegExp(
      /• change [^\n]*\/fly\.staging\.toml:\n   ◦ line 1: Add a private \[http_service\] \(Flycast blueprint\) \(Fly/.source +
        / Proxy needs a service to route Flycast requests to\)\n   ◦ line 4: Use http:\/\/ \(Flycast is HTTP-only\)/.source,
    ),
  );
  assert.deepEqual(
    r.files.map((f) => f.changedLines > 0),
    [true, true],
  );
  assert.match(readFileSync(staging, "utf8"), /API = "http:\/\/public\.flycast\/v1"/);
  assert.match(ui.shown.at(-1).info, /Changed .*fly\.toml \(1 line\) and .*fly\.staging\.toml \(\d+ lines\)/);
});

test("make private: autostop without autostart is fixed only when no Machine would be left running, and the plan says why", async () => {
  const down = LAUNCHED.replace("auto_start_machines = true", "auto_start_machines = false").replace(
    "min_machines_running = 1",
    "min_machines_running = 0",
  );
  const shrinking = LAUNCHED.replace("auto_start_machines = true", "auto_start_machines = false");
  const plan = (text) => service.privateAppFixes(text, [{ ID: "", Address: "fdaa::", Type: "private_v6" }]);
  assert.deepEqual(
    plan(down).fixes.map((f) => [f.title, f.why]),
    [
      ["Set force_https = false", "Flycast is HTTP-only, so the HTTPS redirect cannot work"],
      ["Set auto_start_machines = true", "without it, once idle Machines stop, Flycast requests never start them again"],
    ],
  );
  assert.deepEqual(
    plan(shrinking).fixes.map((f) => f.title),
    ["Set force_https = false"],
    "with min_machines_running = 1 the app keeps answering",
  );
  assert.match(plan("app = 'x'\n[http_service\n").problem, /syntax errors/);
});

test("make private: an app that is already private with nothing to fix is told so, and nothing runs", async () => {
  const fake = fakeFlyctl();
  const [file] = appDir({ "fly.toml": 'app = "private"\n[http_service]\n  internal_port = 8080\n  force_https = false\n' });
  const { ops, ui } = opsFor(fake, { confirm: true });
  await ops.makePrivate("private", diskEdits([file]), () => undefined);
  assert.ok(!ui.shown.some((x) => x.confirm));
  assert.match(ui.shown.at(-1).info, /already private/);
  assert.deepEqual(writeCalls(fake), []);
});

test("make private stops with the reason when flyctl cannot list the app", async () => {
  const fake = fakeFlyctl({ loggedIn: false });
  const { ops, ui } = opsFor(fake, { confirm: true });
  assert.equal(await ops.makePrivate("public", diskEdits([]), () => undefined), undefined);
  assert.match(ui.shown.find((s) => s.error).error, /Not logged in/);
  assert.deepEqual(writeCalls(fake), []);
});

test("the app name of a fly.toml, and setting it after 'Pick the app'", () => {
  assert.equal(appNameOf('# x\napp = "api"\n'), "api");
  assert.equal(appNameOf("[env]\n  app = 'x'\n"), undefined);
  assert.equal(withAppName('# my app\nprimary_region = "ams"\n', "api"), '# my app\napp = "api"\nprimary_region = "ams"\n');
  assert.equal(withAppName('app = "old" # keep\n', "new"), 'app = "new" # keep\n');
  assert.equal(
    withAppName("# mine\r\nprimary_region = 'ams'\r\n", "api"),
    "# mine\r\napp = 'api'\r\nprimary_region = 'ams'\r\n",
    "the file's quotes and line endings",
  );
});

test("a plan's command line names the flyctl that was found, quoted for the shell", () => {
  const { commandLine } = client;
  const deploy = (config) => commands.deployArgs({ configName: config, flycast: false });
  assert.equal(commandLine({ found: true, path: "/usr/local/bin/fly", source: "PATH" }, deploy("fly.toml"), "linux"), "fly deploy");
  assert.equal(
    commandLine({ found: true, path: "/usr/bin/flyctl", source: "PATH" }, deploy("fly.staging.toml"), "linux"),
    "flyctl deploy -c fly.staging.toml",
  );
  assert.equal(
    commandLine({ found: true, path: "/usr/bin/flyctl", source: "PATH" }, deploy("fly staging.toml"), "linux"),
    "flyctl deploy -c 'fly staging.toml'",
  );
  assert.equal(
    commandLine({ found: true, path: "/home/me/.fly/bin/flyctl", source: "~/.fly/bin" }, deploy("fly.toml"), "linux"),
    "'/home/me/.fly/bin/flyctl' deploy",
  );
  assert.equal(
    commandLine({ found: true, path: "/opt/it's/flyctl", source: "setting" }, deploy("fly.toml"), "linux"),
    "'/opt/it'\\''s/flyctl' deploy",
  );
  assert.equal(
    commandLine({ found: true, path: "C:\\Users\\me\\.fly\\bin\\flyctl.exe", source: "~/.fly/bin" }, deploy("fly.toml"), "win32"),
    "& 'C:\\Users\\me\\.fly\\bin\\flyctl.exe' deploy",
  );
  assert.equal(commandLine({ found: false }, deploy("fly.toml"), "linux"), "fly deploy");
});

// ---------- the app, live: Machines and volumes ----------

const liveEntry = {
  uri: "file:///w/api/fly.toml",
  relative: "api/fly.toml",
  app: "acme",
  files: [{ uri: "file:///w/api/fly.toml", relative: "api/fly.toml" }],
};

function liveFake(machines, volumes = [], patch = {}) {
  const fake = fakeFlyctl(patch);
  const s = fake.state();
  s.apps.acme = { org: "personal", ips: [], machines, volumes };
  fake.set({ apps: s.apps });
  return fake;
}

test("the Machines rows: name, state in words with an icon, region, group, when it changed; grouped by process group when there are several", async () => {
  const { machineChildren, machinesSummary, volumeChildren, stateIcon } = client;
  const now = Date.parse("2026-08-20T09:05:00Z");
  const fake = liveFake(
    [
      { id: "e2865013a01d86", name: "billowing-sun-4321", state: "started", region: "ams", updated_at: "2026-08-20T09:02:00Z" },
      { id: "9185e6ec3d2e68", name: "quiet-river-88", state: "stopped", region: "fra", updated_at: "2026-08-20T07:05:00Z" },
      { id: "1781973f9d5e89", name: "release", state: "stopped", region: "ams", group: "fly_app_release_command" },
    ],
    [
      { id: "vol_1", name: "data", region: "ams", attached_machine_id: "e2865013a01d86" },
      { id: "vol_2", name: "data", region: "fra", size_gb: 3 },
    ],
  );
  const ms = await new Flyctl({ env: fake.env, home: fake.dir }).exec(commands.machinesList("acme"));
  const state = { kind: "ok", value: ms.value };
  const rows = machineChildren(liveEntry, state, now);
  assert.deepEqual(
    rows.map((r) => [r.node.label, r.node.description, r.node.icon, r.node.contextValue]),
    [
      ["billowing-sun-4321", "started · ams · app · 3 minutes ago", "vm-running", "flyMachine.started"],
      ["quiet-river-88", "stopped · fra · app · 2 hours ago", "vm-outline", "flyMachine.stopped"],
    ],
    "release-command Machines are not rows",
  );
  assert.equal(machinesSummary(state), "2 Machines: 1 started, 1 stopped");
  assert.match(
    client.appNode(liveEntry, { kind: "ok", value: [{ ID: "p", Address: "fdaa::1", Type: "private_v6" }] }, false, machinesSummary(state))
      .description,
    /^private · 2 Machines: 1 started, 1 stopped · api\/fly\.toml$/,
  );
  // several groups: a node per group, its Machines below
  const grouped = machineChildren(
    liveEntry,
    {
      kind: "ok",
      value: [
        ...ms.value,
        { ...ms.value[0], id: "aaaaaaaaaaaaaa", name: "worker-1", config: { metadata: { fly_process_group: "worker" } } },
      ],
    },
    now,
  );
  assert.deepEqual(
    grouped.map((g) => [g.node.label, g.node.description, g.machines.length]),
    [
      ["app", "2 · 1 started, 1 stopped", 2],
      ["worker", "1 · 1 started", 1],
    ],
  );
  // unknown states come as they are, with a question mark
  assert.deepEqual(stateIcon("hibernating"), ["question"]);
  assert.equal(stateIcon("stopping")[0], "loading~spin");
  assert.match(client.machineNode(liveEntry, { id: "x1y2z3a4b5c6d7", state: "hibernating" }, false, now).description, /^hibernating/);
  const vs = await new Flyctl({ env: fake.env, home: fake.dir }).exec(commands.volumesList("acme"));
  assert.deepEqual(
    volumeChildren(liveEntry, { kind: "ok", value: vs.value }, ms.value).map((v) => v.description),
    ["1 GB · ams · attached to billowing-sun-4321", "3 GB · fra · unattached"],
  );
  assert.deepEqual(
    machineChildren(liveEntry, { kind: "ok", value: [] }).map((r) => r.node.label),
    ["No Machines: fly deploy creates them (fly scale count adds more)."],
  );
});

test("the Machines and volumes parts fail like the addresses: app not found, timed out, not JSON, each with its words", () => {
  const { machineChildren, volumeChildren } = client;
  const labels = (rows) => rows.map((r) => (r.node ?? r).label);
  assert.match(
    labels(machineChildren(liveEntry, { kind: "error", failure: "app-not-found", message: "" }))[0],
    /^App not found: Fly\.io has no app named "acme"/,
  );
  assert.deepEqual(
    labels(machineChildren(liveEntry, { kind: "error", failure: "timed-out", message: "Timed out: flyctl did not answer within 30 s" })),
    ["Timed out: flyctl did not answer within 30 s", "Retry"],
  );
  assert.match(
    labels(volumeChildren(liveEntry, { kind: "error", failure: "failed", message: "flyctl's answer was not valid JSON" }))[0],
    /^flyctl failed: flyctl's answer was not valid JSON/,
  );
  assert.deepEqual(labels(machineChildren(liveEntry, { kind: "loading" })), ["Loading Machines…"]);
});

test("start: asked first, naming the Machine and the app; Cancel runs nothing; Start runs flyctl machine start and the row turns started", async () => {
  const fake = liveFake([{ id: "9185e6ec3d2e68", name: "quiet-river-88", state: "stopped", region: "fra" }]);
  const seen = [];
  const hooks = { machinesChanged: (app, ms) => seen.push(ms?.map((m) => m.state)), volumesChanged: () => undefined };
  const m = {
    id: "9185e6ec3d2e68",
    name: "quiet-river-88",
    state: "stopped",
    region: "fra",
    config: { metadata: { fly_process_group: "app" } },
  };
  const cancel = scriptedUi({ confirm: undefined });
  assert.equal(
    await new client.MachineOperations(new Flyctl({ env: fake.env, home: fake.dir }), cancel, hooks).start("acme", m),
    undefined,
  );
  assert.equal(cancel.shown[0].confirm, "Start Machine quiet-river-88 (9185e6ec3d2e68) of acme?");
  assert.match(cancel.shown[0].detail, /stopped, in fra, process group app\.\n\nThis runs flyctl machine start 9185e6ec3d2e68 -a acme\./);
  assert.deepEqual(fake.state().calls ?? [], [], "Cancel: flyctl never ran");
  const ui = scriptedUi({ confirm: true });
  const o = await new client.MachineOperations(new Flyctl({ env: fake.env, home: fake.dir }), ui, hooks, { intervalMs: 50 }).start(
    "acme",
    m,
  );
  assert.deepEqual(o, { done: true, state: "started" });
  assert.deepEqual(
    fake.state().calls.map((c) => c.slice(0, 3).join(" ")),
    ["machine start 9185e6ec3d2e68", "machines list --json"],
  );
  assert.deepEqual(seen.at(-1), ["started"], "the view is told");
  assert.equal(ui.shown.at(-1).info, "quiet-river-88 of acme is started.");
});

test("stop: flyctl returns before the Machine is down, so it is listed until stopped (progress, a bound); a refused stop says why", async () => {
  const fake = liveFake([{ id: "e2865013a01d86", name: "billowing-sun-4321", state: "started" }], [], { stopDelayMs: 300 });
  const hooks = { machinesChanged: () => undefined, volumesChanged: () => undefined };
  const m = { id: "e2865013a01d86", name: "billowing-sun-4321", state: "started", region: "ams" };
  const ops = (ui, wait) => new client.MachineOperations(new Flyctl({ env: fake.env, home: fake.dir }), ui, hooks, wait);
  const ui = scriptedUi({ confirm: true });
  const o = await ops(ui, { intervalMs: 100 }).stop("acme", m);
  assert.deepEqual(o, { done: true, state: "stopped" });
  const lists = fake.state().calls.filter((c) => c[0] === "machines").length;
  assert.ok(lists >= 2, `listed until stopped (${lists} lists)`);
  // said from the Machine's own config (this one carries no service)
  assert.match(ui.shown.find((x) => x.confirm).detail, /It serves no service: nothing starts it again but Start or a deploy\./);
  // the bound: still stopping when it passes
  fake.set({ stopDelayMs: 60_000 });
  await new client.MachineOperations(new Flyctl({ env: fake.env, home: fake.dir }), scriptedUi({ confirm: true }), hooks).start("acme", m);
  const slow = scriptedUi({ confirm: true });
  const o2 = await ops(slow, { intervalMs: 50, boundMs: 300 }).stop("acme", m);
  assert.deepEqual(o2, { done: false, state: "stopping" });
  assert.match(slow.shown.at(-1).warn, /which is stopping… so far/);
  // refused: the error in words, and the list read again
  const refused = scriptedUi({ confirm: true });
  const o3 = await ops(refused, { intervalMs: 50 }).stop("acme", { ...m, state: "stopped" });
  assert.equal(o3.done, false);
  assert.match(
    refused.shown.at(-1).error,
    /^Could not stop billowing-sun-4321 of acme: could not stop machine e2865013a01d86: .*unable to stop machine from current state/,
  );
});

test("a Flyctl with a queue starts its processes through it: ten lists at once run four at a time, each answered", async () => {
  const fake = fakeFlyctl({ slow: 150 });
  const limiter = new client.Limiter(4);
  let running = 0;
  let most = 0;
  const queue = (task) =>
    limiter.run(async () => {
      most = Math.max(most, ++running);
      try {
        return await task();
      } finally {
        running--;
      }
    });
  const flyctl = flyctlFor(fake, { queue });
  const results = await Promise.all(Array.from({ length: 10 }, () => flyctl.exec(commands.ipsList("mixed"))));
  assert.ok(
    results.every((r) => r.ok),
    JSON.stringify(results.find((r) => !r.ok)),
  );
  assert.ok(results.every((r) => r.value.some((ip) => ip.Address === "fdaa:0:33:0:1::20")));
  assert.equal(most, 4, "never more than four flyctl processes");
  assert.equal(fake.state().calls.filter((c) => c[0] === "ips").length, 10);
  // cancelled while it waits in the queue: it never starts
  const ac = new AbortController();
  const blockers = Array.from({ length: 4 }, () => flyctl.exec(commands.ipsList("mixed")));
  const waiting = flyctl.exec(commands.ipsList("mixed"), { signal: ac.signal });
  ac.abort();
  await Promise.all(blockers);
  const r = await waiting;
  assert.equal(r.ok, false);
  assert.equal(r.kind, "cancelled");
  assert.equal(fake.state().calls.filter((c) => c[0] === "ips").length, 14, "the cancelled one ran no flyctl");
});

test("the view's flyctl processes: at most four at a time, in the order asked; the refresh period is off, or at least 10 s", async () => {
  const limiter = new client.Limiter(4);
  const order = [];
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      limiter.run(async () => {
        order.push(i);
        await new Promise((r) => setTimeout(r, 20));
      }),
    ),
  );
  assert.equal(limiter.peak, 4);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(client.refreshPeriodMs(0), 0);
  assert.equal(client.refreshPeriodMs(undefined), 0);
  assert.equal(client.refreshPeriodMs(3), 10_000);
  assert.equal(client.refreshPeriodMs(30), 30_000);
});

test("the walkthrough checks a step only when its action completed: Cancel or Escape checks nothing", async () => {
  assert.deepEqual(stepsOfAllocate(undefined), [], "the allocation was cancelled");
  assert.deepEqual(stepsOfAllocate("fdaa:0:33::2"), ["allocate"]);
  assert.deepEqual(stepsOfRelease(undefined), [], "Cancel at the confirmation");
  assert.deepEqual(stepsOfRelease({ requested: ["1.2.3.4"], released: [], after: null, error: "x" }), [], "nothing was released");
  assert.deepEqual(stepsOfRelease({ requested: ["1.2.3.4"], released: ["1.2.3.4"], after: [] }), ["release"]);
  assert.deepEqual(stepsOfMakePrivate(undefined), [], "Escape at the plan");
  assert.deepEqual(stepsOfMakePrivate({ allocated: "fdaa::2", released: [], files: [], private: false }), ["allocate"]);
  assert.deepEqual(stepsOfMakePrivate({ released: [], files: [], private: true }), ["allocate", "release", "fix"]);

  // against the real operations: Escape at Make private's plan, then Cancel at Release, return nothing to check
  const fake = fakeFlyctl();
  const ops = new IpOperations(flyctlFor(fake), scriptedUi({ confirm: undefined }), { changed: () => undefined });
  const edits = { plan: async () => [], review: async () => true, apply: async () => [] };
  assert.deepEqual(stepsOfMakePrivate(await ops.makePrivate("public", edits, () => undefined)), []);
  assert.deepEqual(stepsOfRelease(await ops.releasePublic("mixed")), []);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  // the events VS Code's walkthroughs know (gettingStartedService: another one is logged as unknown and never fires)
  const known = /^(onLink|onEvent|onView|onSettingChanged|onContext|onStepSelected|stepSelected|onExtensionInstalled|extensionInstalled):/;
  for (const step of pkg.contributes.walkthroughs[0].steps)
    for (const e of step.completionEvents) {
      assert.ok(!e.startsWith("onCommand:"), `${step.id}: ${e} would check the step even when the command was cancelled`);
      assert.match(e, known, `${step.id}: ${e} is not a completion event VS Code knows`);
    }
});

test("Allocate a dedicated IPv4: the modal names the app and says it is billed; Cancel runs nothing; confirmed, flyctl allocates with --yes", async () => {
  const fake = fakeFlyctl();
  const writes = () => (fake.state().calls ?? []).filter((c) => c[0] === "ips" && c[1].startsWith("allocate"));
  const cancel = scriptedUi({ confirm: undefined });
  const ops = new IpOperations(flyctlFor(fake), cancel, { changed: () => undefined });
  assert.equal(await ops.allocateDedicatedV4("public"), undefined);
  assert.equal(writes().length, 0, "Cancel: nothing runs");
  assert.match(cancel.shown[0].confirm, /^Allocate a dedicated IPv4 address for public\? It is billed monthly\.$/);
  assert.deepEqual(cancel.shown[0].actions, ["Allocate (billed)"]);
  assert.equal(cancel.shown.length, 1, "nothing else is said on Cancel");

  const yes = scriptedUi({ confirm: true });
  const changed = [];
  const address = await new IpOperations(flyctlFor(fake), yes, { changed: (app, ips) => changed.push([app, ips]) }).allocateDedicatedV4(
    "public",
  );
  assert.match(address, /^137\.66\.\d+\.\d+$/);
  assert.deepEqual(writes().at(-1), ["ips", "allocate-v4", "--yes", "-a", "public"]);
  assert.ok(
    changed.at(-1)[1].some((ip) => ip.Type === "v4" && ip.Address === address),
    "the view gets the new list",
  );
  assert.match(yes.shown.find((x) => x.info).info, /^public now has 137\.66\.\d+\.\d+, a dedicated IPv4 address, billed monthly\.$/);

  // the fake answers as flyctl does: a dedicated IPv4 without --yes is refused when not interactive; --shared needs none
  const { spawnSync } = await import("node:child_process");
  const bare = spawnSync(fake.flyctlPath, ["ips", "allocate-v4", "-a", "public"], { env: fake.env, encoding: "utf8" });
  assert.equal(bare.stderr, "Error: yes flag must be specified when not running interactively\n");
  const shared = spawnSync(fake.flyctlPath, ["ips", "allocate-v4", "--shared", "-a", "empty"], { env: fake.env, encoding: "utf8" });
  assert.match(shared.stdout, /^VERSION\tIP\tTYPE\tREGION\nv4\t66\.241\.125\.\d+\tshared\tglobal\n$/);
});

test("Allocate a public IPv6: asked first, and a private app is told it would stop being private", async () => {
  const fake = fakeFlyctl();
  const ui = scriptedUi({ confirm: undefined });
  const ops = new IpOperations(flyctlFor(fake), ui, { changed: () => undefined });
  assert.equal(await ops.allocatePublicV6("private", fake.state().apps.private.ips), undefined);
  assert.match(ui.shown[0].detail, /the app is private now, and would not be any more/);
  assert.ok(!(fake.state().calls ?? []).some((c) => c[1] === "allocate-v6"), "Cancel: nothing runs");
  const yes = scriptedUi({ confirm: true });
  const v6 = await new IpOperations(flyctlFor(fake), yes, { changed: () => undefined }).allocatePublicV6("private");
  assert.match(v6, /^2a09:8280:1::/);
  assert.deepEqual(
    fake
      .state()
      .calls.filter((c) => c[1] === "allocate-v6")
      .at(-1),
    ["ips", "allocate-v6", "-a", "private"],
  );
});

test("health checks under each Machine: passing, warning, critical with an icon, the output on hover, a count on the Machine and the app", async () => {
  const { checkNodes, machineNode, machinesSummary, MachineOperations } = client;
  const refused = "dial tcp [fdaa:9:3b1c:a7b:1d2:6f0e:4a1b:2]:8080: connect: connection refused";
  const fake = liveFake([
    {
      id: "e2865013a01d86",
      name: "billowing-sun-4321",
      state: "started",
      checks: [
        { name: "servicecheck-00-http-8080", status: "critical", output: refused },
        { name: "alive", status: "passing", output: "200 OK" },
      ],
    },
    { id: "9185e6ec3d2e68", name: "quiet-river-88", state: "stopped" },
  ]);
  const ops = new MachineOperations(flyctlFor(fake), scriptedUi(), { machinesChanged: () => undefined, volumesChanged: () => undefined });
  const r = await ops.machines("acme");
  assert.ok(r.ok, r.message);
  const [withChecks, without] = r.value;
  assert.deepEqual(
    withChecks.checks.map((c) => [c.name, c.status]),
    [
      ["servicecheck-00-http-8080", "critical"],
      ["alive", "passing"],
    ],
    "the fake prints the checks as flyctl does",
  );
  assert.equal(without.checks, undefined, "flyctl omits an empty checks list");

  const row = machineNode(liveEntry, withChecks, true);
  assert.match(row.description, /^started · 1\/2 passing, 1 critical · ams/);
  assert.equal(row.collapsible, true);
  assert.equal(row.collapsed, true, "its checks are closed until opened");
  assert.match(row.tooltip, /Health checks: 1\/2 passing, 1 critical/);
  assert.equal(machineNode(liveEntry, without, true).collapsible, false, "no checks: nothing to open");
  const rows = checkNodes(liveEntry, withChecks);
  assert.deepEqual(
    rows.map((x) => [x.label, x.description, x.icon, x.contextValue]),
    [
      ["alive", "passing · 200 OK", "pass", "flyCheck.passing"],
      ["servicecheck-00-http-8080", `critical · …${refused.slice(-57)}`, "error", "flyCheck.critical"],
    ],
  );
  assert.ok(rows[1].tooltip.includes(refused), "the whole output on hover");
  assert.equal(machinesSummary({ kind: "ok", value: r.value }), "2 Machines: 1 started, 1 stopped; 1 failing a check");
});

test("the Stop and Start confirmations say what happens to this Machine: its service's autostart, the group's last Machine, min_machines_running", () => {
  const { consequences } = client;
  const svc = (o) => ({ protocol: "tcp", internal_port: 8080, ...o });
  const m = (id, state, services, group = "app") => ({ id, state, config: { metadata: { fly_process_group: group }, services } });
  const a = m("a", "started", [svc({ autostop: true, autostart: true, min_machines_running: 1 })]);
  const b = m("b", "started", [svc({ autostop: true, autostart: true, min_machines_running: 1 })]);
  assert.deepEqual(consequences(a, "stop", [a, b]), ["Its service has autostart: Fly Proxy starts it again on the next request."]);
  const alone = consequences(a, "stop", [a, m("w", "started", [], "worker")]);
  assert.deepEqual(alone, [
    "Its service has autostart: Fly Proxy starts it again on the next request.",
    "It is the last started Machine of group app: the app stops answering until a request starts a Machine again.",
    "min_machines_running asks for 1, and 0 would run: Fly Proxy never starts a Machine to make up for it; only a request (with autostart) or Start does.",
  ]);
  const noStart = m("c", "started", [svc({ autostop: "off", autostart: false })]);
  assert.deepEqual(consequences(noStart, "stop", [noStart]), [
    "Its service has autostart off: it stays stopped until you start it (or a deploy does).",
    "It is the last started Machine of group app: the app stops answering until a Machine is started.",
  ]);
  assert.deepEqual(consequences(m("d", "stopped", [svc({ autostop: "suspend", min_machines_running: 2 })]), "start", []), [
    "Its service has autostop (suspend): Fly Proxy suspends it again once it is idle, keeping 2 running in the primary region.",
  ]);
  assert.deepEqual(consequences(m("e", "stopped", undefined), "stop", []), [
    "It serves no service: nothing starts it again but Start or a deploy.",
  ]);
});

test("the words a user reads: one wording per address type, no doubled words, volumes and outlines in plain words", async () => {
  const { sectionNode, volumeNode, viewWideNodes, appWithoutFlyctl, appUrl, dashboardUrl } = client;
  const { TextDocument } = await import("vscode-languageserver-textdocument");
  // the app's tooltip: the Machines' summary once ("2 Machines: …", not "Machines: 2 Machines: …")
  const tip = appNode(entry, { kind: "ok", value: [] }, false, "2 Machines: 1 started, 1 stopped").tooltip;
  assert.match(tip, /\n\n2 Machines: 1 started, 1 stopped\n\n/);
  assert.doesNotMatch(tip, /Machines: \d+ Machines/);
  // a volume: its size and region; its state only when it is not the ordinary "created"
  const vol = { id: "vol_1", name: "data", size_gb: 1, region: "ams", state: "created", attached_machine_id: null };
  assert.match(volumeNode(entry, vol, []).tooltip, /\n\n1 GB, region ams\n\n/);
  assert.match(volumeNode(entry, { ...vol, state: "pending_destroy" }, []).tooltip, /1 GB, region ams \(pending destroy\)/);
  // the Addresses node: a lock for a private-only app, a globe otherwise
  assert.equal(sectionNode(entry, "ips", "private", true).icon, "lock");
  assert.equal(sectionNode(entry, "ips", "public").icon, "globe");
  // the hover names addresses as the view does
  const doc = TextDocument.create("file:///w/fly.toml", "toml", 1, "[http_service]\n  internal_port = 8080\n  force_https = false\n");
  const h = service.hover(doc, { line: 2, character: 4 }, [
    { ID: "a", Address: "fdaa::1", Type: "private_v6" },
    { ID: "b", Address: "2a09::1", Type: "v6" },
  ]);
  assert.match(h.contents.value, /`fdaa::1` \(private Flycast IPv6\), `2a09::1` \(public dedicated IPv6\)/);
  assert.doesNotMatch(h.contents.value, /\((v6|private_v6|shared_v4)\)/);
  // the outline: "1 table", "2 items"
  const outline = service.symbols(
    TextDocument.create("file:///w/fly.toml", "toml", 1, '[[vm]]\n  size = "shared-cpu-1x"\n[processes]\n  app = "x"\n'),
  );
  const vm = outline.find((x) => x.name === "vm");
  assert.equal(vm.detail, "1 table");
  const items = service.symbols(TextDocument.create("file:///w/fly.toml", "toml", 1, "files = [1, 2]\n"));
  assert.equal(items[0].detail, "2 items");
  // flyctl missing: said once at the top, not as "flyctl not found: flyctl was not found…", and the apps stay listed
  const missing = "flyctl was not found (looked at flyToml.flyctlPath, $FLYCTL_INSTALL, flyctl and fly on PATH, and ~/.fly/bin)";
  assert.equal(viewWideNodes(missing)[0].label, missing);
  const row = appWithoutFlyctl(entry);
  assert.deepEqual([row.label, row.description, row.collapsible, row.command.command], ["api", "api/fly.toml", false, "vscode.open"]);
  // the app's URL, as its exposure says, and its dashboard page
  assert.deepEqual(appUrl("api", [{ ID: "a", Address: "fdaa::1", Type: "private_v6" }]), { url: "http://api.flycast", private: true });
  assert.deepEqual(appUrl("api", [{ ID: "b", Address: "2a09::1", Type: "v6" }]), { url: "https://api.fly.dev", private: false });
  assert.equal(appUrl("api", []), undefined);
  assert.equal(dashboardUrl("api"), "https://fly.io/apps/api");
});

test("the output channel: one line per flyctl call with its result and duration, and which flyctl is used, with its version", async () => {
  const fake = fakeFlyctl();
  const lines = [];
  const f = flyctlFor(fake, { log: (l) => lines.push(l) });
  await f.exec(commands.ipsList("mixed"));
  await f.exec(commands.ipsList("nope"));
  fake.set({ mode: "garbage" });
  await f.exec(commands.ipsList("mixed"));
  assert.match(lines[0], /^\$ flyctl ips list --json -a mixed → ok \(\d+ ms\)$/);
  assert.match(
    lines[1],
    /^\$ flyctl ips list --json -a nope → app-not-found: App not found: Fly\.io has no app named "nope" that this account can see\. \(\d+ ms\)$/,
  );
  assert.match(
    lines[2],
    /^\$ flyctl ips list --json -a mixed → failed: flyctl's answer was not valid JSON \(\d+ ms\)$/,
    "no pointer to the channel inside it",
  );
  assert.match(lines[3], /^ {2}IP list: <html>502 Bad Gateway<\/html>/, "the answer itself, under its call");
  assert.equal(lines.length, 4);
  fake.set({ mode: undefined });
  assert.match(
    await f.describe(),
    new RegExp(
      `^flyctl: ${fake.flyctlPath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(found through PATH\\), flyctl v0\\.4\\.87 linux/amd64`,
    ),
  );
});

test("the app pickers show each app's exposure, put first the apps the action is for, and leave out those it is not for", () => {
  const { pickItems } = client;
  const app = (name) => ({
    uri: `file:///w/${name}/fly.toml`,
    relative: `${name}/fly.toml`,
    app: name,
    files: [{ uri: `file:///w/${name}/fly.toml`, relative: `${name}/fly.toml` }],
  });
  const [priv, pub, mixed, bare, unknown] = ["priv", "pub", "mixed", "bare", "unknown"].map(app);
  const noName = { uri: "file:///w/x/fly.toml", relative: "x/fly.toml", files: [{ uri: "file:///w/x/fly.toml", relative: "x/fly.toml" }] };
  const exposure = (e) => ({ priv: "private", pub: "public", mixed: "mixed", bare: "none", unknown: "unknown" })[e.app];
  const all = [priv, pub, mixed, bare, unknown, noName];
  const make = pickItems(all, exposure, "makePrivate");
  assert.deepEqual(
    make.map((i) => [i.label, i.description]),
    [
      ["pub", "public · pub/fly.toml"],
      ["mixed", "private and public · mixed/fly.toml"],
      ["bare", "no addresses · bare/fly.toml"],
      ["unknown", "unknown/fly.toml"],
      ["priv", "already private · priv/fly.toml"],
    ],
    "an already private app comes last and says so; a file without an app name is not an app to pick",
  );
  assert.deepEqual(
    pickItems(all, exposure, "releasePublic").map((i) => i.label),
    ["pub", "mixed", "unknown"],
    "Release public IPs offers only apps that have (or may have) public addresses",
  );
  const any = pickItems(all, exposure, "any", mixed);
  assert.equal(any[0].label, "mixed", "the active editor's app first");
  assert.equal(any[0].description, "private and public · mixed/fly.toml · (active editor)");
});

// ---------- secrets out of fly.toml ----------

const SECRET_TOML = [
  'app = "mixed"',
  "",
  "[env]",
  '  LOG_LEVEL = "info"',
  '  STRIPE_KEY = "sk_live_51H8abcdefghijklmnopqrstu" # from the dashboard',
  '  DATABASE_URL = "postgres://admin:Xk3pQ9vLm2Rt@db.internal:5432/app"',
  "",
].join("\r\n");

test("[env] entries that can be moved: a string on a line of its own, its whole line (comment and CRLF included)", () => {
  const { envEntries } = client;
  const entries = envEntries(SECRET_TOML);
  assert.deepEqual(
    entries.map((e) => [e.name, e.line, SECRET_TOML.slice(...e.span)]),
    [
      ["LOG_LEVEL", 4, '  LOG_LEVEL = "info"\r\n'],
      ["STRIPE_KEY", 5, '  STRIPE_KEY = "sk_live_51H8abcdefghijklmnopqrstu" # from the dashboard\r\n'],
      ["DATABASE_URL", 6, '  DATABASE_URL = "postgres://admin:Xk3pQ9vLm2Rt@db.internal:5432/app"\r\n'],
    ],
  );
  assert.deepEqual(envEntries('env = { A = "x" }\n'), [], "an inline [env] is not edited line by line");
});

test("Move to Fly secrets: the plan names the secrets, never their values; Cancel runs nothing; each is set staged from stdin, then its line goes", async () => {
  const { SecretOperations, RUN_DEPLOY } = client;
  const { createHash } = await import("node:crypto");
  const fake = fakeFlyctl();
  const lines = [];
  const f = flyctlFor(fake, { log: (l) => lines.push(l) });
  const file = { uri: "file:///w/mixed/fly.toml", relative: "mixed/fly.toml", text: SECRET_TOML, dirty: true };
  const removed = [];
  const remove = async (uri, before, spans) => (removed.push({ uri, before, spans }), true);
  const names = ["STRIPE_KEY", "DATABASE_URL"];
  const values = ["sk_live_51H8abcdefghijklmnopqrstu", "postgres://admin:Xk3pQ9vLm2Rt@db.internal:5432/app"];

  const cancel = scriptedUi({ confirm: undefined });
  assert.equal(
    await new SecretOperations(f, cancel, { secretsChanged: () => undefined }).move("mixed", file, names, remove, () => undefined),
    undefined,
  );
  assert.deepEqual(fake.state().calls ?? [], [], "Cancel: flyctl never ran");
  assert.equal(removed.length, 0, "Cancel: nothing removed");
  const plan = cancel.shown[0];
  assert.equal(plan.confirm, "Move 2 secrets of mixed to Fly secrets?");
  assert.match(plan.detail, /set STRIPE_KEY, DATABASE_URL as Fly secrets of mixed, staged: they take effect at the next deploy/);
  assert.match(
    plan.detail,
    /remove their lines from mixed\/fly\.toml: line 5 \(STRIPE_KEY\), line 6 \(DATABASE_URL\) \(it has unsaved changes/,
  );
  for (const v of values) assert.ok(!JSON.stringify(cancel.shown).includes(v), "no value in the plan");

  let deployed = false;
  const yes = scriptedUi({ confirm: true, choice: RUN_DEPLOY });
  const listed = [];
  const o = await new SecretOperations(f, yes, { secretsChanged: (app, s) => listed.push(s) }).move(
    "mixed",
    file,
    names,
    remove,
    () => (deployed = true),
  );
  assert.deepEqual(o, { moved: names, failed: [], linesRemoved: true });
  const calls = fake.state().calls;
  assert.deepEqual(calls.slice(0, 2), [
    ["secrets", "set", "--stage", "STRIPE_KEY=-", "-a", "mixed"],
    ["secrets", "set", "--stage", "DATABASE_URL=-", "-a", "mixed"],
  ]);
  const digest = (v) => createHash("sha256").update(v).digest("hex").slice(0, 32);
  assert.deepEqual(
    fake.state().apps.mixed.secrets,
    {
      STRIPE_KEY: { digest: digest(values[0]), status: "Staged" },
      DATABASE_URL: { digest: digest(values[1]), status: "Staged" },
    },
    "flyctl got each value on its standard input",
  );
  assert.deepEqual(
    listed.at(-1).map((s) => [s.name, s.status]),
    [
      ["STRIPE_KEY", "Staged"],
      ["DATABASE_URL", "Staged"],
    ],
  );
  assert.equal(removed[0].before, SECRET_TOML);
  assert.deepEqual(
    removed[0].spans.map(
      (sp) =>
        SECRET_TOML.slice(...sp)
          .trim()
          .split(" ")[0],
    ),
    names,
  );
  assert.match(
    yes.shown.find((x) => x.info).info,
    /^Set STRIPE_KEY, DATABASE_URL as Fly secrets of mixed, staged: they take effect at the next deploy\. Removed their lines from mixed\/fly\.toml\.$/,
  );
  assert.ok(deployed, "the message offers the deploy");
  // a value is never in an argument, the fake's state or log, the output channel or a message
  const everything = JSON.stringify([calls, readFileSync(fake.env.FAKE_FLYCTL_STATE, "utf8"), lines, yes.shown]);
  for (const v of values) assert.ok(!everything.includes(v), "a value leaked");
});

test("Move to Fly secrets, half refused: the lines of the secrets that were set go, the others stay and the message says which", async () => {
  const { SecretOperations } = client;
  const fake = fakeFlyctl({ failSecret: "DATABASE_URL" });
  const removed = [];
  const ui = scriptedUi({ confirm: true });
  const o = await new SecretOperations(flyctlFor(fake), ui, { secretsChanged: () => undefined }).move(
    "mixed",
    { uri: "file:///w/mixed/fly.toml", relative: "mixed/fly.toml", text: SECRET_TOML, dirty: false },
    ["STRIPE_KEY", "DATABASE_URL"],
    async (uri, before, spans) => (removed.push(spans), true),
    () => undefined,
  );
  assert.deepEqual(o.moved, ["STRIPE_KEY"]);
  assert.deepEqual(o.failed, [
    { name: "DATABASE_URL", message: "flyctl failed: failed to set secrets: DATABASE_URL was refused".replace("flyctl failed: ", "") },
  ]);
  assert.equal(removed[0].length, 1, "only the line of the secret that was set is removed");
  assert.match(
    ui.shown.find((x) => x.error).error,
    /Set STRIPE_KEY as Fly secrets of mixed.*Not set: DATABASE_URL \(failed to set secrets: DATABASE_URL was refused\); its line stays\./,
  );
});

test("the Secrets part of an app: names and where they are, never values", () => {
  const { secretChildren } = client;
  const rows = secretChildren(entry, {
    kind: "ok",
    value: [
      { name: "STRIPE_KEY", digest: "b9e37b7b239ee4aefc75352fe3fa6dc6", status: "Staged" },
      { name: "DATABASE_URL", digest: "cdbe3268a82bfe993921b9cae2a526af", status: "Deployed" },
    ],
  });
  assert.deepEqual(
    rows.map((r) => [r.label, r.description, r.icon]),
    [
      ["DATABASE_URL", "deployed", "key"],
      ["STRIPE_KEY", "staged: takes effect at the next deploy", "key"],
    ],
  );
  assert.match(rows[0].tooltip, /its value is never shown/);
  assert.match(secretChildren(entry, { kind: "ok", value: [] })[0].label, /^No secrets/);
});

// ---------- launching a private app, and deploying it ----------

/** The tasks as the tests run them: the fake flyctl in the folder, its output kept; `shown` counts Show terminal. */
function fakeTasks(fake) {
  const runs = [];
  return {
    runs,
    line: (args) => ["flyctl", ...args].join(" "),
    run: async ({ label, args, cwd }) => {
      const r = await client.run(fake.flyctlPath, args, { cwd, env: fake.env, timeoutMs: 20_000 });
      const entry = { label, args, cwd, code: r.code, output: r.stdout + r.stderr, shown: 0 };
      runs.push(entry);
      return { exitCode: r.code ?? undefined, show: () => entry.shown++ };
    },
  };
}

/** A folder where "new-api" was launched through LaunchOperations (in personal, ams), with the fake flyctl. */
async function launchedNewApi(fake) {
  const folder = mkdtempSync(join(tmpdir(), "new-app-"));
  await new client.LaunchOperations(
    flyctlFor(fake),
    scriptedUi({ inputs: ["new-api"], picks: ["personal", "ams"], confirm: true }),
    fakeTasks(fake),
  ).launchPrivate({ path: folder, relative: "new-app" });
  return folder;
}

const flyctlWrites = (fake) => (fake.state().calls ?? []).filter((c) => ["launch", "deploy"].includes(c[0]));

test("Launch a private app: name checked as flyctl checks it, org and region asked, the exact command shown; Escape or Cancel at any step runs nothing", async () => {
  const { LaunchOperations } = client;
  const fake = fakeFlyctl();
  const folder = mkdtempSync(join(tmpdir(), "new-app-"));
  // Escape at the name, at the organization, at the region, then Cancel at the plan
  for (const answers of [
    { inputs: [undefined] },
    { inputs: ["new-api"], picks: [undefined] },
    { inputs: ["new-api"], picks: ["acme", undefined] },
    { inputs: ["new-api"], picks: ["acme", "fra"], confirm: undefined },
  ]) {
    const ui = scriptedUi(answers);
    assert.equal(
      await new LaunchOperations(flyctlFor(fake), ui, fakeTasks(fake)).launchPrivate({ path: folder, relative: "new-app" }),
      undefined,
    );
  }
  assert.deepEqual(flyctlWrites(fake), [], "nothing was launched");
  assert.deepEqual(readdirSync(folder), [], "nothing was written");

  const ui = scriptedUi({ inputs: ["new-api"], picks: ["acme", "fra"], confirm: true });
  const tasks = fakeTasks(fake);
  assert.equal(await new LaunchOperations(flyctlFor(fake), ui, tasks).launchPrivate({ path: folder, relative: "new-app" }), "new-api");
  const input = ui.shown.find((s) => s.input);
  assert.equal(input.validate("New_API"), "app name must consist of only lowercase letters, numbers, and dashes", "flyctl's own words");
  assert.equal(input.validate("-api"), "An app name starts with a letter or digit and has at most 63 characters.");
  assert.equal(input.validate("new-api"), undefined);
  assert.deepEqual(
    ui.shown.filter((s) => s.pick).map((s) => s.items.slice(0, 2)),
    [
      ["acme", "personal"],
      ["ams", "fra"],
    ],
  );
  const plan = ui.shown.find((s) => s.confirm);
  assert.equal(plan.confirm, "Launch new-api as a private app?");
  const line =
    "flyctl launch --name new-api --force-name --org acme --region fra --flycast --no-deploy --yes --no-db --no-redis " +
    "--no-object-storage --no-github-workflow";
  assert.ok(plan.detail.includes(`This runs, in new-app:\n${line}\n`), plan.detail);
  assert.match(plan.detail, /create the app new-api on Fly\.io, in the organization acme, with Frankfurt, Germany \(fra\)/);
  assert.match(plan.detail, /write fly\.toml in new-app \(and a Dockerfile, when flyctl recognises the app's runtime/);
  assert.match(plan.detail, /deploy nothing yet: no Machine is created and no address allocated/);
  assert.deepEqual(
    tasks.runs.map((r) => [r.args.join(" "), r.cwd]),
    [[line.replace(/^flyctl /, ""), folder]],
  );
  assert.match(readFileSync(join(folder, "fly.toml"), "utf8"), /app = 'new-api'\nprimary_region = 'fra'/);
  assert.deepEqual(fake.state().apps["new-api"].ips, [], "launched, not deployed: no address");
});

test("after a launch the changes a private app needs are offered in one step: Cancel changes nothing, confirmed they are made", async () => {
  const { LaunchOperations } = client;
  const fake = fakeFlyctl();
  const folder = await launchedNewApi(fake);
  const file = join(folder, "fly.toml");
  const launched = readFileSync(file, "utf8");
  assert.match(launched, /force_https = true/, "what fly launch --flycast writes (flyctl issue 3950)");
  const cancel = scriptedUi({ confirm: undefined });
  assert.equal(await new LaunchOperations(flyctlFor(fake), cancel, fakeTasks(fake)).prepareForPrivate("new-api", diskEdits([file])), false);
  assert.equal(readFileSync(file, "utf8"), launched, "Cancel: the file is as it was");
  assert.match(cancel.shown[0].detail, /force_https/);
  assert.match(cancel.shown[0].detail, /Nothing changes until you choose Apply the changes\./);
  const ok = scriptedUi({ confirm: true });
  assert.equal(await new LaunchOperations(flyctlFor(fake), ok, fakeTasks(fake)).prepareForPrivate("new-api", diskEdits([file])), true);
  assert.match(readFileSync(file, "utf8"), /force_https = false/);
  assert.deepEqual(
    service
      .analyze(readFileSync(file, "utf8"), [{ ID: "", Address: "fdaa::", Type: "private_v6" }])
      .findings.filter((f) => f.severity === "error"),
    [],
  );
});

test("deploy: a private app's first deploy carries --flycast and leaves only a Flycast address; Cancel runs nothing; a later deploy is plain", async () => {
  const { DeployOperations, deployPlan } = client;
  const fake = fakeFlyctl();
  const folder = await launchedNewApi(fake);
  const target = (o = {}) => ({
    app: "new-api",
    dir: folder,
    configName: "fly.toml",
    relative: "new-app/fly.toml",
    ips: [],
    machines: [],
    hasServices: true,
    ...o,
  });
  const line = (args) => ["flyctl", ...args].join(" ");
  // the flag choice: meant private → --flycast only; unknown intent → both offered, private first; not a first deploy → plain
  assert.deepEqual(deployPlan(target({ privateBecause: "it was launched here as a private app" }), line).actions, [
    { label: "Deploy privately (--flycast)", flycast: true },
  ]);
  assert.deepEqual(
    deployPlan(target(), line).actions.map((a) => a.flycast),
    [true, false],
  );
  assert.match(deployPlan(target(), line).detail, /a plain fly deploy allocates public addresses \(a dedicated IPv6 and a shared IPv4\)/);
  assert.deepEqual(deployPlan(target({ ips: [{ ID: "x", Address: "fdaa::1", Type: "private_v6" }] }), line).actions, [
    { label: "Deploy", flycast: false },
  ]);
  assert.deepEqual(
    deployPlan(target({ ips: undefined }), line).actions,
    [{ label: "Deploy", flycast: false }],
    "addresses unknown: no claim",
  );
  assert.deepEqual(
    deployPlan(target({ hasServices: false }), line).actions,
    [{ label: "Deploy", flycast: false }],
    "no service: no address",
  );
  assert.match(deployPlan(target({ configName: "fly.staging.toml" }), line).detail, /flyctl deploy -c fly\.staging\.toml/);

  const states = [];
  const hooks = { deploying: (app, on) => states.push([app, on]), refresh: async () => states.push("refresh") };
  const cancel = scriptedUi({ confirm: undefined });
  assert.equal(
    await new DeployOperations(cancel, fakeTasks(fake), hooks).deploy(target({ privateBecause: "it was launched here as a private app" })),
    undefined,
  );
  assert.deepEqual(
    flyctlWrites(fake).map((c) => c[0]),
    ["launch"],
    "Cancel: no deploy",
  );
  assert.deepEqual(states, []);

  const tasks = fakeTasks(fake);
  const ui = scriptedUi({ confirm: true });
  assert.equal(
    await new DeployOperations(ui, tasks, hooks).deploy(target({ privateBecause: "it was launched here as a private app" })),
    true,
  );
  assert.deepEqual(
    tasks.runs.map((r) => r.args),
    [["deploy", "--flycast"]],
  );
  assert.deepEqual(states, [["new-api", true], ["new-api", false], "refresh"], "deploying… while it runs, then the app is read again");
  const app = fake.state().apps["new-api"];
  assert.deepEqual(
    app.ips.map((ip) => ip.Type),
    ["private_v6"],
    "only a Flycast address",
  );
  assert.ok(!app.sharedV4, "no shared IPv4");
  assert.equal(app.machines.length, 2, "the Machines of group app");
  assert.deepEqual(app.machines[0].services[0].autostop, true);
  assert.match(ui.shown.at(-1).info, /Deployed new-api: reach it at http:\/\/new-api\.flycast/);

  // the second deploy: plain, the addresses stay
  const again = fakeTasks(fake);
  await new DeployOperations(scriptedUi({ confirm: true }), again, hooks).deploy(target({ ips: app.ips, machines: [] }));
  assert.deepEqual(
    again.runs.map((r) => r.args),
    [["deploy"]],
  );
  assert.equal(fake.state().apps["new-api"].ips.length, 1);
});

test("a plain first deploy allocates public addresses (what the plan warns of), and a failed deploy says so with the terminal at hand", async () => {
  const { DeployOperations } = client;
  const fake = fakeFlyctl();
  const folder = mkdtempSync(join(tmpdir(), "pub-app-"));
  writeFileSync(join(folder, "fly.toml"), 'app = "empty"\n[http_service]\n  internal_port = 8080\n');
  const hooks = { deploying: () => undefined, refresh: async () => undefined };
  const target = {
    app: "empty",
    dir: folder,
    configName: "fly.toml",
    relative: "pub-app/fly.toml",
    ips: [],
    machines: [],
    hasServices: true,
  };
  await new DeployOperations(scriptedUi({ confirm: "Deploy with public addresses" }), fakeTasks(fake), hooks).deploy(target);
  assert.deepEqual(
    fake.state().apps.empty.ips.map((ip) => ip.Type),
    ["v6"],
  );
  assert.ok(fake.state().apps.empty.sharedV4);

  fake.set({ failDeploy: "failed to update machine: unhealthy" });
  const tasks = fakeTasks(fake);
  const ui = scriptedUi({ confirm: true });
  ui.error = async (m, ...a) => (ui.shown.push({ error: m, actions: a }), "Show terminal");
  assert.equal(await new DeployOperations(ui, tasks, hooks).deploy({ ...target, ips: fake.state().apps.empty.ips }), false);
  assert.deepEqual(ui.shown.at(-1), {
    error: "fly deploy of empty failed (exit code 1): its output is in the terminal.",
    actions: ["Show terminal"],
  });
  assert.equal(tasks.runs[0].shown, 1, "the terminal is brought forward");
  assert.match(tasks.runs[0].output, /Error: failed to update machine: unhealthy/);
});

test("the documents the language client checks: on disk, in a virtual workspace, untitled; on the web any scheme", () => {
  const schemes = (web) => [...new Set(client.documentSelector(web).map((s) => s.scheme ?? "any"))];
  // desktop VS Code in a virtual workspace (Remote Repositories) opens vscode-vfs: documents; a diff's old side is git:
  assert.deepEqual(schemes(false), ["file", "vscode-vfs", "untitled"]);
  assert.deepEqual(schemes(true), ["any", "untitled"]);
  for (const web of [false, true]) {
    const patterns = client.documentSelector(web).filter((s) => s.pattern);
    assert.ok(patterns.every((s) => s.language === "toml" && /^\*\*\/fly(\.\*)?\.toml$/.test(s.pattern)));
    assert.deepEqual([...new Set(patterns.map((s) => s.pattern))], ["**/fly.toml", "**/fly.*.toml"]);
  }
});

test("a first deploy allocates addresses only for an app with a service, counted as flyctl counts them", () => {
  const cases = [
    ['app = "a"\n[http_service]\n  internal_port = 8080\n', true],
    ['app = "a"\nhttp_service = { internal_port = 8080 }\n', true],
    ['app = "a"\n[http_service.concurrency]\n  type = "requests"\n', true],
    ['app = "a"\n[[services]]\n  internal_port = 8080\n', true],
    // flyctl drops an empty [[services]] (AllServices), and a commented-out section is no section
    ['app = "a"\n[[services]]\n', false],
    ['app = "a"\n# [http_service]\n[processes]\n  worker = "run"\n', false],
  ];
  for (const [text, expected] of cases) assert.equal(client.hasServices(text), expected, text);
});
