// The language server as an editor sees it: the built server started as `fly-toml lsp --stdio`, spoken to
// over JSON-RPC: open, change, hover, completion, code actions, formatting, flyToml/setAppState, close, shutdown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LspClient } from "./helpers/lsp-client.mjs";
import { root, read, IPS, machine } from "./helpers/service.mjs";

let c;
before(async () => {
  c = new LspClient();
  const init = await c.initialize();
  assert.equal(init.capabilities.textDocumentSync, 2, "incremental sync");
  for (const p of [
    "hoverProvider",
    "completionProvider",
    "codeActionProvider",
    "documentFormattingProvider",
    "documentRangeFormattingProvider",
    "documentSymbolProvider",
    "foldingRangeProvider",
  ])
    assert.ok(init.capabilities[p], p);
});
after(async () => {
  const { code } = await c.shutdown();
  assert.equal(code, 0, "exits 0 after shutdown and exit");
});

let n = 0;
const uriFor = (name = "fly.toml") => `file:///work/app${++n}/${name}`;
const open = (uri, text, version = 1) => c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version, text } });
const codes = (msg) => msg.params.diagnostics.map((d) => d.code);

const PRIVATE_APP =
  'app = "api"\n[http_service]\n  internal_port = 8080\n  force_https = true\n  auto_stop_machines = true\n  auto_start_machines = ' +
  'true\n  [http_service.concurrency]\n    type = "requests"\n';

test("diagnostics on open, with codes, docs links, ranges and the document version", async () => {
  const uri = uriFor();
  const text = read(join(root, "examples", "classic-mistakes", "fly.toml"));
  open(uri, text);
  const msg = await c.diagnosticsFor(uri, 1);
  assert.ok(codes(msg).includes("kill-signal-invalid"));
  const d = msg.params.diagnostics.find((x) => x.code === "kill-signal-invalid");
  assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 20 } });
  assert.equal(d.severity, 1);
  assert.equal(d.source, "fly.toml");
  assert.equal(d.codeDescription.href, "https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md#kill-signal-invalid");
});

test("incremental changes re-check at once, and never publish an older version over a newer one", async () => {
  const uri = uriFor();
  open(uri, 'app = "x"\nkill_signal = "SIGTERM"\n');
  await c.diagnosticsFor(uri, 1);
  c.notify("textDocument/didChange", {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 22 } }, text: "TERM" }],
  });
  const msg = await c.diagnosticsFor(uri, 2);
  assert.deepEqual(codes(msg), ["kill-signal-invalid"]);
  // a burst of edits: every publication is for a version at least as new as the one before, ending at the last
  let version = 2;
  for (let i = 0; i < 60; i++) {
    version++;
    const text = i % 2 ? "TERM" : "SIGTERM";
    const old = i % 2 ? "SIGTERM" : "TERM";
    c.notify("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 + old.length } }, text }],
    });
  }
  const last = await c.diagnosticsFor(uri, version);
  assert.deepEqual(codes(last), ["kill-signal-invalid"], "the last edit wrote TERM");
  const versions = c.notifications
    .filter((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri)
    .map((m) => m.params.version);
  for (let i = 1; i < versions.length; i++)
    assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);
});

test("flyToml/setAppState with the addresses alone re-checks the document with the app's addresses, and null makes them unknown again", async () => {
  const uri = uriFor();
  open(uri, PRIVATE_APP);
  assert.ok(!codes(await c.diagnosticsFor(uri, 1)).includes("flycast-force-https"));
  c.notify("flyToml/setAppState", { uri, ips: IPS.private });
  const priv = await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && codes(m).includes("flycast-force-https"),
  );
  assert.equal(priv.params.diagnostics.find((d) => d.code === "flycast-force-https").severity, 1);
  c.notify("flyToml/setAppState", { uri, ips: IPS.mixed });
  const mixed = await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && codes(m).includes("private-app-has-public-ips"),
  );
  assert.equal(mixed.params.diagnostics.find((d) => d.code === "flycast-force-https").severity, 2);
  c.notify("flyToml/setAppState", { uri, ips: null });
  await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && !codes(m).includes("flycast-force-https"),
    5000,
    { fresh: true },
  );
  c.notify("flyToml/setAppState", { uri, ips: "nonsense" });
  // bad params are ignored, not fatal: the server still answers
  assert.ok(await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 1 } }));
});

test("flyToml/setAppState: Machines turn on the live rules and the hover's live picture; a part left out stays, null forgets it", async () => {
  const uri = uriFor();
  const text =
    'app = "api"\nprimary_region = "ams"\n[http_service]\n  internal_port = 8080\n  auto_stop_machines = "stop"\n' +
    "  auto_start_machines = true\n  min_machines_running = 2\n";
  open(uri, text);
  assert.ok(!codes(await c.diagnosticsFor(uri, 1)).includes("min-machines-unmet"), "silent while the Machines are unknown");
  const machines = [machine({ id: "e2865013a01d86", state: "stopped" }), machine({ id: "9185e6ec3d2e68", region: "fra" })];
  c.notify("flyToml/setAppState", { uri, ips: IPS.private, machines });
  const unmet = await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && codes(m).includes("min-machines-unmet"),
  );
  const d = unmet.params.diagnostics.find((x) => x.code === "min-machines-unmet");
  assert.equal(d.severity, 2);
  assert.match(d.message, /only 1 exists there.*fly scale count 2 --region ams --process-group app/);
  const h = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 6, character: 4 } });
  assert.match(h.contents.value, /\*\*Live\*\*/);
  assert.match(h.contents.value, /group `app`: 2 Machines — ams \(primary\): 1 stopped; fra: 1 started/);
  // the note on autostop is a paragraph of its own, not run into the last list item
  assert.match(h.contents.value, /fra: 1 started\n\nFly Proxy stops idle Machines/);
  // the addresses alone: the Machines stay known
  c.notify("flyToml/setAppState", { uri, ips: IPS.public });
  const again = await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && codes(m).includes("min-machines-unmet"),
    5000,
    { fresh: true },
  );
  assert.ok(again);
  c.notify("flyToml/setAppState", { uri, machines: null });
  await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && !codes(m).includes("min-machines-unmet"),
    5000,
    { fresh: true },
  );
  c.notify("flyToml/setAppState", { uri, machines: [{ nonsense: true }] });
  assert.ok(
    await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 1 } }),
    "bad params are ignored",
  );
});

test("hover on keys, table headers and values, with the app's exposure", async () => {
  const uri = uriFor();
  open(uri, PRIVATE_APP + '[[services]]\n  internal_port = 9000\n  protocol = "tcp"\n  [[services.tcp_checks]]\n    interval = 10000\n');
  await c.diagnosticsFor(uri, 1);
  c.notify("flyToml/setAppState", { uri, ips: IPS.private });
  const key = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 3, character: 4 } });
  assert.equal(key.contents.kind, "markdown");
  assert.match(key.contents.value, /force_https/);
  assert.match(key.contents.value, /Must be `false` for private \(Flycast\) apps/);
  assert.match(key.contents.value, /This app is private/);
  assert.match(key.contents.value, /\[Fly docs\]\(https:\/\/fly\.io\/docs\//);
  assert.deepEqual(key.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 13 } });
  const autostop = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 4, character: 25 } });
  assert.match(autostop.contents.value, /flyctl reads `true` as `"stop"`/);
  const header = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 6, character: 20 } });
  assert.match(header.contents.value, /http_service\.concurrency/);
  const ms = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 12, character: 16 } });
  assert.match(ms.contents.value, /milliseconds: \*\*10s\*\*/);
  const section = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 3 } });
  assert.match(section.contents.value, /The HTTP service/);
});

test("completion: keys in a table, enum values, headers, snippets — in a file that does not parse", async () => {
  const uri = uriFor();
  open(uri, "[http_service]\n  internal_port = 8080\n  auto\n  force_https = tr\n[[serv\n");
  const keys = await c.request("textDocument/completion", { textDocument: { uri }, position: { line: 2, character: 6 } });
  const labels = keys.items.map((i) => i.label);
  assert.ok(labels.includes("auto_stop_machines"), labels.join());
  assert.ok(!labels.includes("internal_port"), "keys already present are not offered");
  assert.ok(!labels.includes("app"), "only keys of [http_service]");
  const autostop = keys.items.find((i) => i.label === "auto_stop_machines");
  assert.equal(autostop.textEdit.newText, 'auto_stop_machines = "${1|off,stop,suspend|}"');
  assert.equal(autostop.insertTextFormat, 2);
  const bools = await c.request("textDocument/completion", { textDocument: { uri }, position: { line: 3, character: 18 } });
  assert.deepEqual(
    bools.items.map((i) => i.label),
    ["true", "false"],
  );
  const headers = await c.request("textDocument/completion", { textDocument: { uri }, position: { line: 4, character: 6 } });
  assert.ok(headers.items.some((i) => i.label === "services" && i.textEdit.newText === "services]]"));
  assert.ok(headers.items.some((i) => i.label === "services.ports"));
  c.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'app = "a"\n\n' }] });
  const snippets = await c.request("textDocument/completion", { textDocument: { uri }, position: { line: 1, character: 0 } });
  const flycast = snippets.items.find((i) => i.label === "http_service (private, Flycast)");
  assert.ok(flycast, snippets.items.map((i) => i.label).join());
  assert.match(flycast.textEdit.newText, /force_https = false/);
  assert.ok(snippets.items.some((i) => i.label === "[[vm]]"));
  assert.ok(snippets.items.some((i) => i.label === "[[services]] with ports 80 and 443"));
  // in an empty [http_service]: its own keys first, then the snippets; none that would expose 80/443 twice
  c.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'app = "a"\n[http_service]\n  \n' }] });
  const inTable = await c.request("textDocument/completion", { textDocument: { uri }, position: { line: 2, character: 2 } });
  const order = [...inTable.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  const firstSnippet = order.findIndex((i) => i.kind === 15);
  assert.ok(
    order.slice(0, firstSnippet).some((i) => i.label === "internal_port"),
    `the table's keys come first: ${order.map((i) => i.label).slice(0, 8)}`,
  );
  assert.ok(
    order.slice(firstSnippet).every((i) => i.kind === 15),
    "the snippets come after every key",
  );
  assert.ok(!inTable.items.some((i) => i.label === "[[services]] with ports 80 and 443"), "no second service on 80/443");
});

test("code actions: the quick fixes of a diagnostic (preferred where obvious) and source.fixAll", async () => {
  const uri = uriFor();
  open(uri, PRIVATE_APP);
  c.notify("flyToml/setAppState", { uri, ips: IPS.private });
  const msg = await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && codes(m).includes("flycast-force-https"),
  );
  const diag = msg.params.diagnostics.find((d) => d.code === "flycast-force-https");
  const actions = await c.request("textDocument/codeAction", {
    textDocument: { uri },
    range: diag.range,
    context: { diagnostics: [diag], only: ["quickfix"] },
  });
  const fix = actions.find((a) => a.title === "Set force_https = false");
  assert.ok(fix.isPreferred);
  assert.equal(fix.kind, "quickfix");
  assert.deepEqual(fix.edit.changes[uri], [{ range: diag.range, newText: "false" }]);
  const all = await c.request("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.equal(all.length, 1);
  assert.equal(all[0].kind, "source.fixAll.flyToml");
  // the few lines that change, not the whole document (the cursor and undo stay where they are)
  const edits = all[0].edit.changes[uri];
  assert.deepEqual(
    edits.map((e) => [e.range.start.line, e.range.end.line, e.newText]),
    [[3, 5, '  force_https = false\n  auto_stop_machines = "stop"\n']],
  );
  // fix all takes safe fixes only: the connections → requests change stays a quick fix of its own
  const conn = uriFor();
  open(conn, 'app = "api"\nkill_timeout = 5\n[http_service]\n  internal_port = 8080\n');
  await c.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === conn);
  const [connAll] = await c.request("textDocument/codeAction", {
    textDocument: { uri: conn },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.deepEqual(
    connAll.edit.changes[conn].map((e) => e.newText),
    ['kill_timeout = "5s"\n'],
  );
});

test("formatting: flyctl's layout, idempotent, comments and values kept", async () => {
  const uri = uriFor();
  const messy =
    'app="api"   # the app\n[http_service]\ninternal_port=8080\nforce_https =false\n[http_service.concurrency]\ntype="requests"\n';
  open(uri, messy);
  const edits = await c.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }, 30000);
  assert.ok(edits.length > 0);
  const formatted = applyTextEdits(messy, edits);
  assert.equal(
    formatted,
    'app = "api" # the app\n[http_service]\n  internal_port = 8080\n  force_https = false\n  [http_service.concurrency]\n    type = ' +
      '"requests"\n',
  );
  c.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: formatted }] });
  assert.deepEqual(
    await c.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }, 30000),
    [],
  );
  // range formatting touches only the lines in the range
  c.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: messy }] });
  const ranged = await c.request(
    "textDocument/rangeFormatting",
    {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      options: { tabSize: 2, insertSpaces: true },
    },
    30000,
  );
  assert.equal(applyTextEdits(messy, ranged).split("\n").slice(1).join("\n"), messy.split("\n").slice(1).join("\n"));
});

test("formatting failures are LSP errors that leave the document and the server intact", async () => {
  const uri = uriFor();
  open(uri, 'app = "api"\nbroken = \n');
  await assert.rejects(
    c.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }, 30000),
    /syntax errors; fix them before formatting/,
  );
  // taplo reads TOML 1.0 only: a file with a TOML 1.1 form is declined, with the form named
  const newer = uriFor();
  open(newer, 'app = "api"\n[http_service]\n  concurrency = {\n    type = "requests",\n  }\n');
  await assert.rejects(
    c.request("textDocument/formatting", { textDocument: { uri: newer }, options: { tabSize: 2, insertSpaces: true } }, 30000),
    (e) =>
      /the formatter \(taplo\) reads TOML 1\.0 only, and this file uses TOML 1\.1 \(an inline table over several lines\); nothing was changed/.test(
        e.message,
      ) && !e.message.includes("\n"),
  );
  // a line that makes taplo 0.5.0 panic
  const panicky = `a = "${"x".repeat(60)}" # a trailing comment here\n`;
  const uri2 = uriFor();
  open(uri2, panicky);
  await assert.rejects(
    c.request("textDocument/formatting", { textDocument: { uri: uri2 }, options: { tabSize: 2, insertSpaces: true } }, 30000),
    (e) => e.code === -32803 && /formatter failed/.test(e.message),
  );
  const uri3 = uriFor();
  open(uri3, 'app="ok"\n');
  assert.deepEqual(
    applyTextEdits(
      'app="ok"\n',
      await c.request("textDocument/formatting", { textDocument: { uri: uri3 }, options: { tabSize: 2, insertSpaces: true } }, 30000),
    ),
    'app = "ok"\n',
  );
});

test("document symbols and folding ranges", async () => {
  const uri = uriFor();
  open(uri, PRIVATE_APP + '[[vm]]\n  size = "shared-cpu-1x"\n[[vm]]\n  memory = "1gb"\n');
  const symbols = await c.request("textDocument/documentSymbol", { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => s.name),
    ["app", "http_service", "vm"],
  );
  const http = symbols[1];
  assert.deepEqual(
    http.children.map((s) => s.name),
    ["internal_port", "force_https", "auto_stop_machines", "auto_start_machines", "concurrency"],
  );
  assert.deepEqual(http.range, { start: { line: 1, character: 0 }, end: { line: 7, character: 21 } });
  assert.deepEqual(
    symbols[2].children.map((s) => s.name),
    ["vm[0]", "vm[1]"],
  );
  const folds = await c.request("textDocument/foldingRange", { textDocument: { uri } });
  assert.deepEqual(
    folds.map((f) => [f.startLine, f.endLine]),
    [
      [1, 7],
      [6, 7],
      [8, 9],
      [10, 11],
    ],
  );
});

test("closing a document clears its diagnostics; other TOML files are left alone", async () => {
  const uri = uriFor();
  open(uri, 'kill_signal = "TERM"\n');
  await c.diagnosticsFor(uri, 1);
  c.notify("textDocument/didClose", { textDocument: { uri } });
  const cleared = await c.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.diagnostics.length === 0,
  );
  assert.deepEqual(cleared.params.diagnostics, []);
  const cargo = uriFor("Cargo.toml");
  open(cargo, 'kill_signal = "TERM"\n');
  assert.equal(await c.request("textDocument/hover", { textDocument: { uri: cargo }, position: { line: 0, character: 1 } }), null);
  const staging = uriFor("fly.staging.toml");
  open(staging, 'kill_signal = "TERM"\n');
  assert.deepEqual(codes(await c.diagnosticsFor(staging, 1)), ["kill-signal-invalid"]);
  assert.ok(!c.notifications.some((m) => m.params?.uri === cargo));
});

test("rule groups can be turned off with the flyToml.diagnostics setting", async () => {
  const s = new LspClient();
  s.configuration = { diagnostics: { flycast: false } };
  await s.initialize({ workspace: { configuration: true } });
  const uri = "file:///w/fly.toml";
  s.notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "toml", version: 1, text: 'kill_signal = "TERM"\n[env]\n  HOST = "localhost"\n' },
  });
  const first = await s.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.version === 1);
  assert.deepEqual(codes(first), ["kill-signal-invalid"], "bind-localhost (flycast group) is off from the first publication");
  await s.shutdown();
});

test("with Even Better TOML (syntaxErrorsElsewhere) only TOML syntax errors are left to it: typos, types and values stay", async () => {
  const s = new LspClient();
  s.configuration = { syntaxErrorsElsewhere: true };
  await s.initialize({ workspace: { configuration: true } });
  const uri = "file:///w/fly.toml";
  const text = 'broken = \n[http_service]\n  interal_port = 8080\n  auto_start_machines = "yes"\n';
  s.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  const first = await s.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.version === 1);
  const found = codes(first);
  assert.ok(!found.includes("toml-syntax"), `taplo reports the syntax error: ${found}`);
  assert.ok(found.includes("unknown-key"), `the typo interal_port is still reported: ${found}`);
  assert.ok(found.includes("wrong-type"), `auto_start_machines = "yes" is still reported: ${found}`);
  // the rename fix of the typo is still offered
  const typo = first.params.diagnostics.find((d) => d.code === "unknown-key");
  const actions = await s.request("textDocument/codeAction", {
    textDocument: { uri },
    range: typo.range,
    context: { diagnostics: [typo], only: ["quickfix"] },
  });
  assert.ok(
    actions.some((a) => /internal_port/.test(a.title)),
    actions.map((a) => a.title).join(", "),
  );
  await s.shutdown();
});

test("the VS Code client's commands as quick fixes: release the public IPs, allocate a dedicated IPv4 (said to be billed)", async () => {
  const s = new LspClient();
  await s.initialize({}, { clientCommands: true });
  const uri = "file:///w/tcp/fly.toml";
  const text = '[[services]]\n  internal_port = 5432\n  protocol = "tcp"\n  [[services.ports]]\n    port = 5432\n';
  s.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  s.notify("flyToml/setAppState", { uri, ips: IPS.mixed });
  const published = await s.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.diagnostics.some((d) => d.code === "service-needs-dedicated-ipv4"),
  );
  const pkg = JSON.parse(read(join(root, "package.json")));
  const commands = new Set(pkg.contributes.commands.map((x) => x.command));
  for (const [code, title] of [
    ["service-needs-dedicated-ipv4", "Allocate a dedicated IPv4 for this app (billed monthly)…"],
    ["private-app-has-public-ips", "Release the public IPs of this app…"],
    // reported to the VS Code client only (clientCommands), with the command that picks the app
    ["app-name-missing", "Pick the app of this fly.toml…"],
  ]) {
    const diag = published.params.diagnostics.find((d) => d.code === code);
    assert.ok(diag, `${code} is reported`);
    const actions = await s.request("textDocument/codeAction", {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    const a = actions.find((x) => x.command);
    assert.equal(a?.title, title);
    assert.deepEqual(a.command.arguments, [uri], "the command gets the config file, whose app it acts on");
    assert.ok(commands.has(a.command.command), `${a.command.command} is a command of the extension`);
  }
  await s.shutdown();
});

test("health checks, live: app-not-listening on internal_port, and the hover shows each Machine's checks", async () => {
  const s = new LspClient();
  await s.initialize();
  const uri = "file:///w/checks/fly.toml";
  const text = 'app = "api"\n[http_service]\n  internal_port = 8080\n  [[http_service.checks]]\n    path = "/healthz"\n';
  s.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  const refused = { name: "servicecheck-00-http-8080", status: "critical", output: "dial tcp [fdaa::2]:8080: connect: connection refused" };
  s.notify("flyToml/setAppState", {
    uri,
    machines: [machine({ id: "e2865013a01d86", name: "billowing-sun-4321", checks: [refused] })],
  });
  const d = await s.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.diagnostics.some((x) => x.code === "app-not-listening"),
  );
  const finding = d.params.diagnostics.find((x) => x.code === "app-not-listening");
  assert.equal(finding.range.start.line, 2);
  const onPort = await s.request("textDocument/hover", { textDocument: { uri }, position: { line: 2, character: 4 } });
  assert.match(onPort.contents.value, /\*\*Health checks, live\*\*/);
  assert.match(
    onPort.contents.value,
    /- billowing-sun-4321 \(started\): `servicecheck-00-http-8080` \*\*critical\*\* — dial tcp \[fdaa::2\]:8080: connect: connection refused/,
  );
  const onCheck = await s.request("textDocument/hover", { textDocument: { uri }, position: { line: 4, character: 5 } });
  assert.match(onCheck.contents.value, /servicecheck-00-http-8080/);
  await s.shutdown();
});

test("secrets: Move to Fly secrets as the client's command (one value, or all), and an [env] name that is a Fly secret", async () => {
  const s = new LspClient();
  await s.initialize({}, { clientCommands: true });
  const uri = "file:///w/secrets/fly.toml";
  const text =
    'app = "api"\n[env]\n  STRIPE_KEY = "sk_live_51H8abcdefghijklmnopqrstu"\n  DATABASE_URL = "postgres://admin:Xk3pQ9vLm2Rt@db:5432/app"\n';
  s.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  const d = (await s.diagnosticsFor(uri, 1)).params.diagnostics.filter((x) => x.code === "env-secret-like");
  assert.equal(d.length, 2);
  const actions = await s.request("textDocument/codeAction", {
    textDocument: { uri },
    range: d[0].range,
    context: { diagnostics: [d[0]] },
  });
  const one = actions.find((a) => a.title === "Move STRIPE_KEY to Fly secrets…");
  assert.deepEqual(one.command, { title: "Move to Fly secrets", command: "flyToml.secrets.move", arguments: [uri, ["STRIPE_KEY"]] });
  const all = actions.find((a) => a.title === "Move all 2 secret-looking values of [env] to Fly secrets…");
  assert.deepEqual(all.command.arguments, [uri, ["STRIPE_KEY", "DATABASE_URL"]]);
  assert.ok(!JSON.stringify(actions).includes("sk_live_51H8"), "no value in a code action");
  // never part of fix all
  const fixAll = await s.request("textDocument/codeAction", {
    textDocument: { uri },
    range: d[0].range,
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.ok(!JSON.stringify(fixAll).includes("flyToml.secrets.move"));
  // the app's secrets: a name in both is reported on the [env] key
  s.notify("flyToml/setAppState", {
    uri,
    secrets: [{ name: "DATABASE_URL", digest: "cdbe3268a82bfe993921b9cae2a526af", status: "Deployed" }],
  });
  const shadowed = await s.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.diagnostics.some((x) => x.code === "env-shadowed-by-secret"),
  );
  const f = shadowed.params.diagnostics.find((x) => x.code === "env-shadowed-by-secret");
  assert.equal(f.range.start.line, 3);
  assert.match(f.message, /`DATABASE_URL` is also a Fly secret of this app \(deployed\): the Machines get the secret/);
  await s.shutdown();
});

function applyTextEdits(text, edits) {
  const lines = text.split("\n");
  const offset = (p) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

test("the server also speaks over node IPC (--node-ipc), as the VS Code client starts it", async () => {
  const { fork } = await import("node:child_process");
  const child = fork(join(root, "bin", "fly-toml.js"), ["lsp", "--node-ipc"], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const messages = [];
  child.on("message", (m) => messages.push(m));
  const until = async (test) => {
    for (let i = 0; i < 200 && !messages.some(test); i++) await new Promise((r) => setTimeout(r, 25));
    return messages.find(test);
  };
  child.send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: process.pid, rootUri: null, capabilities: {} } });
  assert.ok((await until((m) => m.id === 1)).result.capabilities.hoverProvider);
  child.send({ jsonrpc: "2.0", method: "initialized", params: {} });
  child.send({
    jsonrpc: "2.0",
    method: "textDocument/didOpen",
    params: { textDocument: { uri: "file:///ipc/fly.toml", languageId: "toml", version: 1, text: 'kill_signal = "TERM"\n' } },
  });
  const d = await until((m) => m.method === "textDocument/publishDiagnostics");
  assert.deepEqual(
    d.params.diagnostics.map((x) => x.code),
    ["kill-signal-invalid"],
  );
  child.send({ jsonrpc: "2.0", id: 2, method: "shutdown", params: null });
  await until((m) => m.id === 2);
  child.send({ jsonrpc: "2.0", method: "exit", params: null });
  const code = await new Promise((r) => child.on("exit", r));
  assert.equal(code, 0);
});

test("a client with the Fly commands gets 'release the public IPs' as the fix of private-app-has-public-ips", async () => {
  const s = new LspClient();
  await s.initialize({}, { clientCommands: true });
  const uri = "file:///cmd/fly.toml";
  s.notify("textDocument/didOpen", {
    textDocument: {
      uri,
      languageId: "toml",
      version: 1,
      text:
        'app = "api"\n[http_service]\n  internal_port = 8080\n  force_https = false\n  [http_service.concurrency]\n    type = ' +
        '"requests"\n',
    },
  });
  s.notify("flyToml/setAppState", { uri, ips: IPS.mixed });
  const msg = await s.waitFor(
    (m) => m.method === "textDocument/publishDiagnostics" && m.params.diagnostics.some((d) => d.code === "private-app-has-public-ips"),
  );
  const diag = msg.params.diagnostics.find((d) => d.code === "private-app-has-public-ips");
  const actions = await s.request("textDocument/codeAction", {
    textDocument: { uri },
    range: diag.range,
    context: { diagnostics: [diag] },
  });
  const release = actions.find((a) => a.command?.command === "flyToml.ips.releasePublic");
  assert.deepEqual(release.command.arguments, [uri]);
  assert.equal(release.edit, undefined, "a command, not an edit");
  await s.shutdown();
  // a plain LSP client is not offered a command it does not have
  const plainActions = await c.request("textDocument/codeAction", {
    textDocument: { uri: "file:///none/fly.toml" },
    range: diag.range,
    context: { diagnostics: [diag] },
  });
  assert.deepEqual(plainActions, []);
});

test("for clients that resolve code actions, 'fix all' is listed without its edit and computed when picked", async () => {
  const s = new LspClient();
  await s.initialize({ textDocument: { codeAction: { resolveSupport: { properties: ["edit"] } } } });
  const uri = "file:///lazy/fly.toml";
  s.notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "toml", version: 1, text: 'kill_signal = "TERM"\nkill_timeout = 5\n' },
  });
  await s.diagnosticsFor(uri, 1);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const [listed] = await s.request("textDocument/codeAction", {
    textDocument: { uri },
    range,
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.equal(listed.kind, "source.fixAll.flyToml");
  assert.equal(listed.edit, undefined, "no edit computed while listing");
  const resolved = await s.request("codeAction/resolve", listed);
  assert.deepEqual(
    resolved.edit.changes[uri].map((e) => e.newText),
    ['kill_signal = "SIGTERM"\nkill_timeout = "5s"\n'],
  );
  await s.shutdown();
});

// a failing test must not leave a server running (the runner would wait for it forever)
after(() => LspClient.killAll());
