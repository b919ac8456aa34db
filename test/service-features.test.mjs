// The editor features of the language service, called directly (text in, LSP types out).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { lib, service, IPS, machine } from "./helpers/service.mjs";
import { prng } from "./helpers/mutate.mjs";

const require = createRequire(import.meta.url);
const { TextDocument } = require("vscode-languageserver-textdocument");
const docOf = (text) => TextDocument.create("file:///a/fly.toml", "toml", 1, text);

function apply(text, edits) {
  return TextDocument.applyEdits(docOf(text), edits);
}

test("completion never loops on a text that starts with a newline (regression)", () => {
  for (const text of ["\napp ", "\n\n[", "\n", "\n\n\nx = "]) {
    const doc = docOf(text);
    for (let o = 0; o <= text.length; o++) service.complete(doc, doc.positionAt(o));
  }
});

test("completion of enum values inside quotes and of process group names", () => {
  const doc = docOf('[processes]\n  web = "x"\n  worker = "y"\n[http_service]\n  auto_stop_machines = "su\n  processes = ["\n');
  const enumItems = service.complete(doc, { line: 4, character: 26 }).items;
  assert.deepEqual(
    enumItems.map((i) => i.label),
    ['"off"', '"stop"', '"suspend"'],
  );
  assert.equal(apply(doc.getText(), [enumItems[2].textEdit]).split("\n")[4], '  auto_stop_machines = "suspend"');
  const groups = service.complete(doc, { line: 5, character: 16 }).items.map((i) => i.label);
  assert.deepEqual(groups, ['"web"', '"worker"']);
});

test("hover never shows an [env] value, and explains values flyctl reads differently", () => {
  const text =
    '[env]\n  DATABASE_URL = "postgres://user:s3cret@db/app"\n[[services.http_checks]]\n  interval = 5000\n[[vm]]\n  memory = "2gb"\n';
  const doc = docOf(text);
  const env = service.hover(doc, { line: 1, character: 25 });
  assert.ok(env && !env.contents.value.includes("s3cret"));
  assert.match(service.hover(doc, { line: 3, character: 14 }).contents.value, /milliseconds: \*\*5s\*\*/);
  assert.match(service.hover(doc, { line: 5, character: 13 }).contents.value, /2048 MB of memory/);
});

test("hover on force_https with a mixed app lists its addresses", () => {
  const doc = docOf("[http_service]\n  force_https = true\n");
  const h = service.hover(doc, { line: 1, character: 4 }, IPS.mixed);
  assert.match(h.contents.value, /both private and public/);
  assert.match(h.contents.value, /66\.241\.125\.149/);
});

test("the line diff behind every edit rebuilds the new text, hunk by hunk", () => {
  const rnd = prng(7);
  const lines = Array.from({ length: 40 }, (_, i) => `k${i} = ${i}`);
  for (let k = 0; k < 200; k++) {
    const a = lines.filter(() => rnd() > 0.2).join("\n") + (rnd() > 0.5 ? "\n" : "");
    const b =
      lines
        .filter(() => rnd() > 0.2)
        .map((l) => (rnd() > 0.8 ? `${l} # c` : l))
        .join("\n") + (rnd() > 0.5 ? "\n" : "");
    assert.equal(service.applyEdits(a, service.lineEdits(a, b)), b);
  }
});

test("formatting: edits within the range only, and a clear error without a formatter", async () => {
  const spaced = async (t) => t.replace(/=/g, " = ");
  const formatting = lib.createLanguageService({ formatter: spaced });
  const doc = docOf("a=1\nb=2\nc=3\n");
  const edits = await formatting.format(
    doc,
    { tabSize: 2, insertSpaces: true },
    { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
  );
  assert.equal(apply(doc.getText(), edits), "a=1\nb = 2\nc=3\n");
  assert.equal(apply(doc.getText(), await formatting.format(doc, { tabSize: 2, insertSpaces: true })), "a = 1\nb = 2\nc = 3\n");
  await assert.rejects(service.format(doc, { tabSize: 2, insertSpaces: true }), /no TOML formatter is available/);
});

test("formatText refuses a formatter that changes a value or a comment", async () => {
  const settings = service.settingsFor({ tabSize: 2, insertSpaces: true });
  await assert.rejects(
    service.formatText("a = 1 # keep\n", async () => "a = 2 # keep\n", settings),
    /changed a value/,
  );
  await assert.rejects(
    service.formatText("a = 1 # keep\n", async () => "a = 1\n", settings),
    /changed a comment/,
  );
  await assert.rejects(
    service.formatText('a = "1"\n', async () => "a = 1\n", settings),
    /changed a value/,
  );
  await assert.rejects(
    service.formatText(
      "a = 1\n",
      async () => {
        throw new Error("RuntimeError: unreachable");
      },
      settings,
    ),
    /formatter failed/,
  );
  assert.equal(await service.formatText("a=1 # keep\n", async () => "a = 1 # keep\n", settings), "a = 1 # keep\n");
});

test("every known token shape is a warning under any [env] name, and look-alikes are not", () => {
  const shapes = {
    sk_live_51H8abcdefghijklmnopqrstu: "a Stripe live secret key",
    rk_test_51H8abcdefghijklmnopqrstu: "a Stripe test secret key",
    ghs_abcdefghijklmnopqrstuvwxyz0123456789: "a GitHub token",
    github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz: "a GitHub fine-grained token",
    "glpat-abcdefghij0123456789": "a GitLab token",
    ASIAABCDEFGHIJKLMNOP: "an AWS access key id",
    "xoxb-1234567890-abcdefghij": "a Slack token",
    AIzaSyA1234567890abcdefghijklmnopqrstuv: "a Google API key",
    "sk-proj-abcdefghijklmnopqrstuvwx": "an OpenAI-style API key",
    fo1_abcdefghijklmnopqrstuvwx: "a Fly.io token",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.abcdefghijklmnop": "a JSON Web Token",
    "x -----BEGIN RSA PRIVATE KEY----- y": "a private key",
  };
  for (const [value, name] of Object.entries(shapes)) {
    const f = service.analyze(`[env]\n  SETTING = "${value}"\n`).findings.filter((x) => x.rule === "env-secret-like");
    assert.equal(f.length, 1, value);
    assert.equal(f[0].severity, "warning");
    assert.match(f[0].message, new RegExp(`shape of ${name}`), value);
  }
  for (const value of ["sk_live_short", "skeleton-key", "ghx_abcdefghijklmnopqrstuvwxyz0123456789", "AKIA1234", "eyJ.not.a.jwt", "BEGIN"])
    assert.deepEqual(
      service.analyze(`[env]\n  SETTING = "${value}"\n`).findings.filter((x) => x.rule === "env-secret-like"),
      [],
      value,
    );
});

test("an inserted string follows the file's quotes: 'literal' in a file of literal strings, \"basic\" otherwise", () => {
  const fixFor = (text) =>
    service
      .analyze(text)
      .findings.find((f) => f.rule === "concurrency-connections-for-http")
      .fixes[0].edits.map((e) => e.newText)
      .join("");
  const literal = fixFor("app = 'api'\nprimary_region = 'ams'\n\n[http_service]\n  internal_port = 8080\n");
  assert.match(literal, /'requests'/);
  assert.doesNotMatch(literal, /"/);
  const basic = fixFor('app = "api"\nprimary_region = \'ams\'\nkill_signal = "SIGINT"\n\n[http_service]\n  internal_port = 8080\n');
  assert.match(basic, /"requests"/);
  // strings in arrays and inline tables count too
  const mixed = fixFor(
    "app = \"api\"\n[build]\n  args = { A = 'x', B = 'y' }\n[http_service]\n  internal_port = 8080\n  processes = ['app']\n",
  );
  assert.match(mixed, /'requests'/);
});

test("the hover's live checks find the service a check sub-table belongs to ([[services.tcp_checks]] lies outside its span)", () => {
  const text =
    '[[services]]\n  internal_port = 5432\n  protocol = "tcp"\n  [[services.ports]]\n    port = 5432\n  [[services.tcp_checks]]\n    grace_period = "5s"\n';
  const checks = [
    { name: "servicecheck-00-tcp-5432", status: "critical", output: "dial tcp [fdaa::2]:5432: connect: connection refused" },
    { name: "alive", status: "passing", output: "200 OK" },
  ];
  const h = service.hover(docOf(text), { line: 6, character: 6 }, { machines: [machine({ id: "m1", name: "db-1", checks })] });
  assert.match(h.contents.value, /- db-1 \(started\): `servicecheck-00-tcp-5432` \*\*critical\*\*/, "the service's own check");
  assert.doesNotMatch(h.contents.value, /`alive`/, "not the top-level checks");
});

// TOML 1.1 (what flyctl reads): an inline table over several lines, comments and a trailing comma inside
const SPREAD = `app = "spread"
primary_region = "ams"

[http_service]
  internal_port = 8080
  concurrency = {
    type = "requests", # per request
    hard_limit = 10
  }

[[services]]
  internal_port = 9000
  protocol = "tcp"
  ports = [
    {
      port = 443,
      handlers = ["tls"],
      force_https = true, # redirect
    },
  ]
`;

test("inside an inline table over several lines: hover, completion, outline, folding", () => {
  const doc = docOf(SPREAD);
  const at = (needle, d = 0) => doc.positionAt(SPREAD.indexOf(needle) + d);
  assert.match(service.hover(doc, at("hard_limit", 2)).contents.value, /http_service\.concurrency\.hard_limit/);
  assert.match(service.hover(doc, at("force_https", 2)).contents.value, /force_https/);
  // a new line among the pairs completes the table's own keys, not the section's
  const typing = SPREAD.replace("    hard_limit = 10\n", "    hard_limit = 10,\n    so\n");
  const tdoc = docOf(typing);
  const labels = service.complete(tdoc, tdoc.positionAt(typing.indexOf("    so\n") + 6)).items.map((i) => i.label);
  assert.deepEqual(labels, ["soft_limit"]);
  const inPort = SPREAD.replace("      port = 443,\n", "      port = 443,\n      \n");
  const pdoc = docOf(inPort);
  const portKeys = service.complete(pdoc, pdoc.positionAt(inPort.indexOf("port = 443,\n") + 18)).items.map((i) => i.label);
  assert.deepEqual(portKeys, ["start_port", "end_port"]);
  const http = service.symbols(doc).find((s) => s.name === "http_service");
  const concurrency = http.children.find((s) => s.name === "concurrency");
  assert.deepEqual(
    concurrency.children.map((s) => s.name),
    ["type", "hard_limit"],
  );
  assert.deepEqual(concurrency.range, { start: at("concurrency"), end: at("  }\n", 3) });
  assert.ok(service.folding(doc).some((f) => f.startLine === at("concurrency = {").line && f.endLine === at("  }\n").line));
});

test("fixes inside an inline table over several lines: a pair added on its own line, a pair removed with its line", () => {
  const findings = service.analyze(SPREAD).findings;
  const add = findings.find((f) => f.rule === "concurrency-hard-below-default-soft").fixes[0];
  assert.equal(
    lib.applyEdits(SPREAD, add.edits).split("\n").slice(5, 10).join("\n"),
    '  concurrency = {\n    type = "requests", # per request\n    hard_limit = 10,\n    soft_limit = 8\n  }',
  );
  const remove = findings.find((f) => f.rule === "force-https-without-http-handler").fixes[0];
  const removed = lib.applyEdits(SPREAD, remove.edits);
  assert.equal(removed.split("\n").slice(14, 19).join("\n"), '    {\n      port = 443,\n      handlers = ["tls"],\n    },\n  ]');
  assert.equal(service.parseToml(removed).errors.length, 0);
  // CRLF stays CRLF
  const crlf = SPREAD.replace(/\n/g, "\r\n");
  const fixed = lib.applyEdits(
    crlf,
    service.analyze(crlf).findings.find((f) => f.rule === "concurrency-hard-below-default-soft").fixes[0].edits,
  );
  assert.ok(!/[^\r]\n/.test(fixed), "only CRLF line ends");
});

test("suppression comments: at the end of a line, alone on the line above, for the whole file; unused ones when certain", () => {
  const rules = (text, live) => service.analyze(text, live).findings.map((f) => f.rule);
  const base = 'app = "api"\nkill_signal = "TERM"\nkill_timeout = 600\n';
  assert.deepEqual(rules(base).sort(), ["kill-signal-invalid", "kill-timeout-too-long"]);
  assert.deepEqual(rules(base.replace('"TERM"', '"TERM" # fly-toml: ignore[kill-signal-invalid]')), ["kill-timeout-too-long"]);
  assert.deepEqual(rules(base.replace("kill_timeout", "# fly-toml: ignore[kill-timeout-too-long] -- long shutdowns\n\nkill_timeout")), [
    "kill-signal-invalid",
  ]);
  assert.deepEqual(rules(`# fly-toml: ignore-file[kill-signal-invalid, kill-timeout-too-long]\n${base}`), []);
  // another rule on that line is still reported, and the suppression, which suppresses nothing there, is said to
  assert.deepEqual(rules(base.replace('"TERM"', '"TERM" # fly-toml: ignore[kill-timeout-too-long]')).sort(), [
    "kill-signal-invalid",
    "kill-timeout-too-long",
    "unused-suppression",
  ]);
  // a known rule that suppresses nothing: said only when nothing it needs (its definition's needs) is missing
  const known = { ips: [], machines: [], volumes: [], secrets: [] };
  const private_ = base.replace('"TERM"', '"SIGTERM" # fly-toml: ignore[flycast-force-https]');
  assert.ok(!rules(private_).includes("unused-suppression"), "a rule that needs the app's addresses, unknown: silent");
  assert.ok(rules(private_, known).includes("unused-suppression"), "with the addresses known: said");
  const unusedText = base.replace('"TERM"', '"SIGTERM" # fly-toml: ignore[kill-signal-invalid]');
  assert.ok(rules(unusedText).includes("unused-suppression"), "a rule that reads only fly.toml: always certain");
  const withAround = service.analyze(unusedText, known, lib.aroundOf({})).findings.find((f) => f.rule === "unused-suppression");
  assert.equal(withAround.message, "This suppresses nothing: there is no kill-signal-invalid finding on its line; remove it.");
  assert.equal(
    lib.applyEdits(unusedText, withAround.fixes[0].edits),
    base.replace('"TERM"', '"SIGTERM"'),
    "the fix removes the comment and the space before it",
  );
  // its group turned off: never called unused
  const quiet = lib.createLanguageService({ shown: (r) => r !== "kill-signal-invalid" });
  assert.ok(!quiet.analyze(unusedText, known, lib.aroundOf({})).findings.some((f) => f.rule === "unused-suppression"));
});

test("Ignore rule-id on this line: a comment at the line's end, beside an existing one, or above a line with a comment", () => {
  const ignore = (text, rule) => {
    const doc = docOf(text);
    const action = service
      .codeActions(doc, { start: { line: 0, character: 0 }, end: { line: text.split("\n").length, character: 0 } })
      .find((a) => a.title === `Ignore ${rule} on this line`);
    return action && apply(text, action.edit.changes[doc.uri]);
  };
  const text = 'app = "api"\nkill_signal = "TERM"\nkill_timeout = 600 # on purpose?\n';
  const once = ignore(text, "kill-signal-invalid");
  assert.equal(once, text.replace('"TERM"', '"TERM" # fly-toml: ignore[kill-signal-invalid]'));
  assert.deepEqual(
    service.analyze(once).findings.map((f) => f.rule),
    ["kill-timeout-too-long"],
  );
  assert.equal(
    ignore(text, "kill-timeout-too-long"),
    text.replace("kill_timeout = 600", "# fly-toml: ignore[kill-timeout-too-long]\nkill_timeout = 600"),
    "a line that ends in a comment gets it on the line above",
  );
  const both = 'app = "api"\nkill_signal = "TERM" # fly-toml: ignore[bare-duration]\n';
  assert.equal(ignore(both, "kill-signal-invalid"), both.replace("ignore[bare-duration]", "ignore[bare-duration, kill-signal-invalid]"));
  // never part of fix all, and not offered for a syntax error
  assert.ok(!service.fixAllText(text).text.includes("fly-toml: ignore"));
  assert.equal(ignore('app = "api"\nbroken = \n', "toml-syntax"), undefined);
});

test("what the checks read of a tree is read again once a key in another case is folded (completion before the check)", () => {
  // [Processes] is [processes] to flyctl; completing first used to keep the groups read before the shape check folded it
  const text = 'app = "a"\n[Processes]\n  web = "node s.js"\n[http_service]\n  internal_port = 8080\n  processes = ["web"]\n';
  const svc = lib.createLanguageService();
  svc.complete(docOf(text), { line: 5, character: 17 });
  const rules = svc.analyze(text, null).findings.map((f) => f.rule);
  assert.ok(rules.includes("key-case"), "Processes is written in another case");
  assert.ok(!rules.includes("unknown-process-group"), `web is a group of [Processes]: ${rules}`);
});
