// The `fly-toml check` CLI as a user runs it: output formats, exit codes, --fix, --ips, directories.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers/service.mjs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// the CLI's code cache goes here, not into the user's cache directory
const CACHE = mkdtempSync(join(tmpdir(), "fly-toml-cache-"));

function run(args, cwd = root, o = {}) {
  const env = { ...process.env, NO_COLOR: "1", FLY_TOML_CACHE_DIR: CACHE, ...o.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), ...args], { cwd, encoding: "utf8", env, input: o.input });
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
  assert.match(
    lines[0],
    /^examples\/classic-mistakes\/fly\.toml:5:15  error  "TERM" is not a valid `kill_signal`.*  \[kill-signal-invalid\]$/,
  );
  assert.match(lines.at(-2), /^7 errors, 5 warnings, 1 info in 1 file$/, "the summary counts every severity it printed");
  assert.match(lines.at(-1), /^\d+ can be fixed with --fix; \d+ more with --unsafe-fixes/);
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
  assert.deepEqual(Object.keys(d), ["code", "severity", "message", "range", "fixable", "fix"]);
  assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 20 } });
  assert.equal(d.code, "kill-signal-invalid");
  assert.equal(d.severity, "error");
  assert.equal(d.fixable, true);
  assert.equal(d.fix, "safe", '"TERM" → "SIGTERM" is a safe fix');
  assert.equal(out[0].diagnostics.find((x) => x.code === "concurrency-connections-for-http")?.fix, undefined);
  assert.equal(out[0].diagnostics.find((x) => x.code === "restart-policy-invalid").fix, "unsafe", '"on-fail" → "on-failure" is a guess');
  assert.equal(out[0].diagnostics.find((x) => x.code === "env-secret-like").fix, null);
  assert.deepEqual(out[1], { file: PRIVATE, diagnostics: [] });
  for (const x of out[0].diagnostics) assert.ok(["error", "warning", "info", "hint"].includes(x.severity));
});

test("sarif format is SARIF 2.1.0 with our rule ids, rule descriptions and docs links", () => {
  const r = run(["check", "--format", "sarif", "examples/classic-mistakes/fly.toml"]);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, "2.1.0");
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, "fly-toml");
  const rule = run0.tool.driver.rules.find((x) => x.id === "flycast-force-https");
  // helpUri: the rule's own section of docs/rules.md; the Fly docs stay in the help text
  assert.equal(rule.helpUri, "https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md#flycast-force-https");
  assert.match(rule.help.markdown, /\[Fly\.io docs\]\(https:\/\/fly\.io\/docs\//);
  const res = run0.results[0];
  assert.equal(res.ruleId, "kill-signal-invalid");
  assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
  assert.equal(res.level, "error");
  assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, {
    uri: "examples/classic-mistakes/fly.toml",
    uriBaseId: "%SRCROOT%",
  });
  assert.deepEqual(run0.originalUriBaseIds, { "%SRCROOT%": { uri: `file://${root}/` } }, "the base is stated");
  for (const rl of run0.tool.driver.rules) {
    assert.ok(rl.shortDescription.text && rl.fullDescription.text.length > 40 && rl.help.text && rl.help.markdown, rl.id);
    assert.equal(rl.helpUri, `https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md#${rl.id}`);
    assert.ok(["error", "warning", "note"].includes(rl.defaultConfiguration.level));
  }
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
  assert.equal(missing.stderr, `fly-toml: cannot read --ips file ${join(dir, "nope.json")}: no such file\n`);
});

test("usage errors exit 2 with a one-line message", () => {
  for (const args of [
    ["check", "--format", "xml"],
    ["check", "--bogus"],
    ["frobnicate"],
    ["check", "no/such/fly.toml"],
    ["check", "--max-warnings", "lots"],
  ]) {
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
  for (const [p, body] of [
    ["api/fly.toml", 'app = "api"\n'],
    ["api/fly.staging.toml", 'app = "api-staging"\n'],
    ["web/fly.toml", 'app = "web"\nkill_signal = "TERM"\n'],
    ["web/notfly.toml", "x = 1\n"],
    ["node_modules/pkg/fly.toml", "broken = \n"],
  ]) {
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
  writeFileSync(join(dir, "fly.toml"), '[env]\n  API_TOKEN = "xoxb-2741-9920-a8Fq2KzPbLmN"\n');
  assert.equal(run(["check", join(dir, "fly.toml")]).code, 0);
  assert.equal(run(["check", "--max-warnings", "0", join(dir, "fly.toml")]).code, 1);
  assert.equal(run(["check", "--max-warnings=1", join(dir, "fly.toml")]).code, 0);
});

const MISTAKE_IPS = join(root, "examples", "classic-mistakes", "ips.json");

test("--fix applies the safe fixes only, prints each change, and reports what is left", () => {
  const dir = tmp();
  cpSync(MISTAKES, join(dir, "fly.toml"));
  const file = join(dir, "fly.toml");
  const before = readFileSync(file, "utf8");
  const r = run(["check", "--fix", "--ips", MISTAKE_IPS, file]);
  const after = readFileSync(file, "utf8");
  // safe: a right spelling, a setting that cannot work on a private app, the brackets flyctl needs
  assert.match(after, /kill_signal = "SIGTERM"/);
  assert.match(after, /force_https = false/);
  assert.match(after, /^  \[http_service\.concurrency\]$/m);
  // unsafe ones stay: a guessed policy, autostart, the bind address, the internal port
  assert.match(after, /policy = "on-fail"/);
  assert.match(after, /auto_start_machines = false/);
  assert.match(after, /HOST = "127\.0\.0\.1"/);
  for (const line of before.split("\n").filter((l) => l.startsWith("#"))) assert.ok(after.includes(line), `keeps ${line}`);
  const out = r.stdout.split("\n");
  const fixed = out.filter((l) => /  fixed  /.test(l));
  assert.deepEqual(fixed, [
    `${file}:5  fixed  [kill-signal-invalid]  Change to "SIGTERM"`,
    `${file}:6  fixed  [kill-timeout-too-long]  Change to "5m"`,
    `${file}:16  fixed  [flycast-force-https]  Set force_https = false`,
    `${file}:22  fixed  [expected-table]  Use [http_service.concurrency]`,
  ]);
  assert.ok(
    out.indexOf(fixed.at(-1)) < out.findIndex((l) => / (error|warning|info|hint)  /.test(l)),
    "the changes come first, then what is left",
  );
  assert.match(r.stdout, /restart-policy-invalid/);
  assert.doesNotMatch(r.stdout, /\[flycast-force-https\]  This app/);
  assert.match(r.stdout, /\(4 fixes applied\)\n/);
  assert.match(r.stdout, /\n\d+ can be fixed with --unsafe-fixes \(they change what the app does: read them first\)\.\n$/);
  // a second run has nothing more to fix
  const again = run(["check", "--fix", "--ips", MISTAKE_IPS, file]);
  assert.equal(readFileSync(file, "utf8"), after);
  assert.doesNotMatch(again.stdout, /  fixed  /);
});

test("--unsafe-fixes applies the rest too, each change printed", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  cpSync(MISTAKES, file);
  const r = run(["check", "--unsafe-fixes", "--ips", MISTAKE_IPS, file]);
  const after = readFileSync(file, "utf8");
  assert.match(after, /policy = "on-failure"/);
  assert.match(after, /HOST = "0\.0\.0\.0"/);
  assert.match(after, /auto_stop_machines = "stop"/);
  assert.match(r.stdout, /  fixed  \[restart-policy-invalid\]  Change to "on-failure"/);
  // "on" → "stop" turns autostop on, which reveals that autostart is off: shown, not fixed unseen
  assert.match(after, /auto_start_machines = false/);
  assert.match(r.stdout, /warning  .*never starts them again.*\[autostop-without-autostart\]/);
  assert.match(
    r.stdout,
    /error  .*soft_limit \(50\) is above hard_limit.*\[concurrency-soft-above-hard\]/,
    "hidden behind the [[…]] error, so shown, not fixed",
  );
  assert.doesNotMatch(r.stdout, /with --unsafe-fixes/);
});

test("--fix in json: the changes are listed per file; in sarif they go to stderr", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  cpSync(MISTAKES, file);
  const r = run(["check", "--fix", "--format", "json", "--ips", MISTAKE_IPS, file]);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out[0].fixed[0], { line: 5, code: "kill-signal-invalid", title: 'Change to "SIGTERM"', safety: "safe" });
  cpSync(MISTAKES, file);
  const s = run(["check", "--fix", "--format", "sarif", "--ips", MISTAKE_IPS, file]);
  assert.equal(JSON.parse(s.stdout).version, "2.1.0");
  assert.match(s.stderr, /:5  fixed  \[kill-signal-invalid\]/);
});

const FIXABLE = '# private api\napp = "api"\nkill_signal = "sigterm"\n';

test("--fix writes through a symlink: the link stays a link and its target is fixed", () => {
  const dir = tmp();
  mkdirSync(join(dir, "config"));
  writeFileSync(join(dir, "config", "fly.production.toml"), FIXABLE);
  symlinkSync(join("config", "fly.production.toml"), join(dir, "fly.toml"));
  run(["check", "--fix", join(dir, "fly.toml")]);
  assert.ok(lstatSync(join(dir, "fly.toml")).isSymbolicLink());
  assert.equal(readlinkSync(join(dir, "fly.toml")), join("config", "fly.production.toml"));
  assert.match(readFileSync(join(dir, "config", "fly.production.toml"), "utf8"), /kill_signal = "SIGTERM"/);
});

test("--fix keeps the file's mode, owner and hard links", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  writeFileSync(file, FIXABLE);
  chmodSync(file, 0o600);
  const st = statSync(file);
  run(["check", "--fix", file]);
  const after = statSync(file);
  assert.equal(after.mode & 0o7777, 0o600);
  assert.deepEqual([after.uid, after.gid], [st.uid, st.gid]);
  assert.match(readFileSync(file, "utf8"), /SIGTERM/);
  const linked = join(dir, "fly.staging.toml");
  writeFileSync(linked, FIXABLE);
  linkSync(linked, join(dir, "other-name.toml"));
  run(["check", "--fix", linked]);
  assert.match(readFileSync(join(dir, "other-name.toml"), "utf8"), /SIGTERM/, "the other link sees the change");
});

test("--fix keeps CRLF line endings, inserted lines included", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  const crlf =
    'app = "api"\r\n[[services]]\r\n  internal_port = 8080\r\n  protocol = "tcp"\r\n  [[services.ports]]\r\n    port = 443\r\n    ' +
    'handlers = ["tls", "http"]\r\n';
  writeFileSync(file, crlf);
  run(["check", "--unsafe-fixes", file]);
  const after = readFileSync(file, "utf8");
  assert.notEqual(after, crlf);
  assert.match(after, /concurrency = \{ type = "requests" \}\r\n/);
  assert.doesNotMatch(after.replace(/\r\n/g, ""), /[\r\n]/, "every line ends in CRLF");
});

test("a file with a byte order mark is reported and left byte for byte (flyctl cannot read it)", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  writeFileSync(file, `\ufeff${FIXABLE}`);
  const r = run(["check", "--fix", file]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /toml-syntax/);
  assert.equal(readFileSync(file, "utf8"), `\ufeff${FIXABLE}`);
});

test("a file that is not UTF-8 is one error on its first bad byte, and --fix leaves its bytes alone", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  // "é" in Latin-1 (0xE9) where UTF-8 wants two bytes: a file saved in the wrong encoding
  const bytes = Buffer.concat([Buffer.from('app = "caf'), Buffer.from([0xe9]), Buffer.from(`"\n${FIXABLE}`)]);
  writeFileSync(file, bytes);
  const r = run(["check", "--fix", file]);
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /fly\.toml:1:11 {2}error {2}The file is not UTF-8: byte 0xE9 at byte offset 10 .*flyctl cannot load .*\[toml-syntax\]/,
  );
  assert.match(r.stdout, /^1 error, 0 warnings in 1 file$/m);
  assert.match(r.stderr, /is not UTF-8; nothing was fixed in it/);
  assert.deepEqual(readFileSync(file), bytes);
  // as a filter it cannot pass the bytes through as text: nothing on stdout, exit 2
  const f = run(["check", "--fix", "-"], root, { input: bytes });
  assert.equal(f.code, 2);
  assert.equal(f.stdout, "");
  assert.match(f.stderr, /not UTF-8/);
});

test("a read-only file is a one-line error, exit 2, and stays untouched", () => {
  const dir = tmp();
  const file = join(dir, "fly.toml");
  writeFileSync(file, FIXABLE);
  chmodSync(file, 0o444);
  const r = run(["check", "--fix", file]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `fly-toml: cannot write ${file}: it is read-only\n`);
  assert.equal(readFileSync(file, "utf8"), FIXABLE);
  assert.equal(statSync(file).mode & 0o777, 0o444);
  assert.match(r.stdout, /kill-signal-invalid/, "its findings are still reported");
});

test("--fix never touches a file it cannot parse beyond its fixes", () => {
  const dir = tmp();
  const broken = "app = TODO\n[http_service]\n  internal_port = 8080\n";
  writeFileSync(join(dir, "fly.toml"), broken);
  const r = run(["check", "--fix", join(dir, "fly.toml")]);
  assert.equal(r.code, 1);
  assert.equal(readFileSync(join(dir, "fly.toml"), "utf8"), broken);
});

test("--help and -h, for the program and for each command: usage, options, exit codes, an example", () => {
  assert.match(run(["--version"]).stdout, /^\d+\.\d+\.\d+\n$/);
  for (const args of [["--help"], ["-h"], ["help"]]) {
    const h = run(args);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^fly-toml: checks Fly\.io fly\.toml files/);
    assert.match(h.stdout, /Commands:\n  check .*\n  rule .*\n  lsp /);
  }
  for (const args of [
    ["check", "--help"],
    ["check", "-h"],
    ["help", "check"],
    ["check", "--ips", "no-such.json", "--help"],
  ]) {
    const h = run(args);
    assert.equal(h.code, 0, args.join(" "));
    assert.match(h.stdout, /^Usage: fly-toml check /);
    assert.match(h.stdout, /--format text\|json\|sarif\|github/);
    assert.match(h.stdout, /Exit status:\n  0 .*\n  1 .*\n  2 /);
    assert.match(h.stdout, /Examples:\n  fly-toml check /);
  }
  for (const args of [
    ["lsp", "--help"],
    ["help", "lsp"],
  ])
    assert.match(run(args).stdout, /^Usage: fly-toml lsp --stdio \| --node-ipc/);
  for (const args of [
    ["rule", "--help"],
    ["help", "rule"],
  ])
    assert.match(run(args).stdout, /^Usage: fly-toml rule ID \| --all[\s\S]*Exit status:\n  0 .*\n  2 [\s\S]*Examples:\n  fly-toml rule /);
});

test("check - reads standard input; --stdin-filename names it; --fix - prints the fixed text", () => {
  const text = 'app = "api"\nkill_signal = "sigterm"\n';
  const r = run(["check", "-"], root, { input: text });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^fly\.toml:2:15  error  "sigterm" is not a valid/);
  const named = run(["check", "-", "--stdin-filename", "apps/api/fly.toml", "--format", "json"], root, { input: text });
  assert.equal(JSON.parse(named.stdout)[0].file, "apps/api/fly.toml");
  const fixed = run(["check", "--fix", "-"], root, { input: text });
  assert.equal(fixed.stdout, 'app = "api"\nkill_signal = "SIGTERM"\n', "a filter: the fixed text on stdout");
  assert.match(fixed.stderr, /fly\.toml:2  fixed  \[kill-signal-invalid\]  Change to "SIGTERM"/);
  assert.equal(fixed.code, 0);
  assert.match(run(["check", "--stdin-filename", "x.toml", "fly.toml"]).stderr, /--stdin-filename names standard input/);
});

test("every I/O error is one line naming the path and the cause", () => {
  const dir = tmp();
  mkdirSync(join(dir, "fly.toml"));
  const cases = [
    [["check", join(dir, "nope.toml")], `fly-toml: cannot read ${join(dir, "nope.toml")}: no such file\n`],
    [["check", "--ips", join(dir, "ips.json"), PRIVATE], `fly-toml: cannot read --ips file ${join(dir, "ips.json")}: no such file\n`],
    [
      ["check", join(dir, "fly.toml", "..", "fly.toml")],
      new RegExp(`^fly-toml: (no fly\\.toml or fly\\.\\*\\.toml files under|cannot read) `),
    ],
  ];
  for (const [args, want] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(" "));
    if (typeof want === "string") assert.equal(r.stderr, want);
    else assert.match(r.stderr, want);
    assert.equal(r.stderr.split("\n").length, 2, "one line");
  }
});

test("--quiet reports errors only, and the summary counts what it printed", () => {
  const r = run(["check", "--quiet", "--ips", MISTAKE_IPS, MISTAKES]);
  const lines = r.stdout.trim().split("\n");
  assert.ok(
    lines.slice(0, -2).every((l) => /  error  /.test(l)),
    lines.join("\n"),
  );
  assert.match(lines.at(-2), /^8 errors, 0 warnings in 1 file$/);
});

test("--format github: workflow commands, so findings show inline on a pull request", () => {
  const r = run(["check", "--format", "github", "--ips", MISTAKE_IPS, "examples/classic-mistakes/fly.toml"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split("\n");
  assert.equal(
    lines[0],
    '::error file=examples/classic-mistakes/fly.toml,line=5,col=15,endLine=5,endColumn=21,title=fly-toml kill-signal-invalid::"TERM" is ' +
      'not a valid `kill_signal`; use one of "SIGINT", "SIGTERM", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGSTOP".',
  );
  assert.ok(lines.some((l) => l.startsWith("::warning file=")));
  assert.ok(
    lines.some((l) => l.startsWith("::notice file=")),
    "infos and hints are notices",
  );
  // a path with a comma or a colon is escaped as GitHub asks
  const dir = tmp();
  mkdirSync(join(dir, "a,b:c"));
  writeFileSync(join(dir, "a,b:c", "fly.toml"), 'kill_signal = "TERM"\n');
  const odd = run(["check", "--format", "github", "a,b:c/fly.toml"], dir);
  assert.match(odd.stdout, /^::error file=a%2Cb%3Ac\/fly\.toml,line=1,/);
});

test("colour on a terminal or with FORCE_COLOR, none when piped or with NO_COLOR", () => {
  const colored = run(["check", MISTAKES], root, { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
  assert.match(colored.stdout, /\x1b\[31merror\x1b\[0m/);
  const piped = run(["check", MISTAKES], root, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
  assert.doesNotMatch(piped.stdout, /\x1b\[/, "stdout is a pipe here");
  assert.doesNotMatch(run(["check", MISTAKES], root, { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout, /\x1b\[/, "NO_COLOR wins");
});

test("SARIF viewers take as is: valid against the 2.1.0 schema, percent-encoded URIs, absolute ones outside the base", async () => {
  const { default: Ajv } = await import("ajv-draft-04");
  const schema = JSON.parse(
    readFileSync(join(root, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8"),
  );
  // the schema has a pattern that is not valid as a unicode RegExp: read its patterns the way draft-04 meant them
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.equal(
    validate({ version: "2.1.0", runs: [{ results: [{ message: {} }] }] }),
    false,
    "the validator does reject what is not SARIF",
  );
  const dir = tmp();
  mkdirSync(join(dir, "sp ace#x"));
  writeFileSync(join(dir, "sp ace#x", "fly.toml"), 'kill_signal = "TERM"\n');
  const outside = tmp();
  writeFileSync(join(outside, "fly.toml"), "kill_timeout = 600\n");
  const r = run(["check", "--format", "sarif", "sp ace#x/fly.toml", join(outside, "fly.toml"), MISTAKES], dir);
  const sarif = JSON.parse(r.stdout);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
  const uris = sarif.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation);
  assert.deepEqual(uris[0], { uri: "sp%20ace%23x/fly.toml", uriBaseId: "%SRCROOT%" });
  assert.deepEqual(uris[1], { uri: `file://${outside}/fly.toml` });
  assert.ok(
    uris.every((u) => !u.uri.startsWith("..")),
    "no ../ paths",
  );
});

test("the code cache's warm-up samples: the big one parses and goes through most rules, the short one has fixes to apply", () => {
  const { WARM_SAMPLE, WARM_FIXABLE } = require(join(root, "dist", "cli.js"));
  const svc = require(join(root, "dist", "service.js")).createLanguageService();
  const found = svc.analyze(WARM_SAMPLE).findings;
  assert.deepEqual(
    found.filter((f) => f.rule.startsWith("toml-")).map((f) => f.message),
    [],
  );
  assert.ok(new Set(found.map((f) => f.rule)).size >= 25, `the sample goes through most rules (${new Set(found.map((f) => f.rule)).size})`);
  const ips = [{ ID: "ip_1", Address: "fdaa:0:1::2", Type: "private_v6" }];
  const fixed = svc.fixAllText(WARM_FIXABLE, ips, { unsafe: true });
  assert.ok(fixed.fixed >= 2, `safe and unsafe fixes to apply (${fixed.fixed})`);
  assert.ok(new Set(fixed.applied.map((a) => a.safety)).size === 2, JSON.stringify(fixed.applied));
});

test("check starts from a V8 code cache: written on the first run, used after, refused when damaged; the output never changes", () => {
  const dir = tmp();
  const cache = join(dir, "cache");
  const args = ["check", "--format", "json", MISTAKES];
  const go = (extra = {}) => run(args, root, { env: { FLY_TOML_CACHE_DIR: cache, FLY_TOML_DEBUG_CACHE: "1", ...extra } });
  const first = go();
  assert.equal(first.stderr, "fly-toml: code cache cli missing\nfly-toml: code cache cli written\n");
  const files = readdirSync(cache);
  assert.equal(files.length, 1);
  assert.match(files[0], /^cli-\d+\.\d+\.\d+-v\d+\.\d+\.\d+-\w+-\d+-\d+\.v8$/);
  const second = go();
  assert.equal(second.stderr, "fly-toml: code cache cli used\n");
  assert.equal(second.stdout, first.stdout);
  writeFileSync(join(cache, files[0]), "not V8's data");
  const damaged = go();
  assert.equal(damaged.stderr, "fly-toml: code cache cli refused\nfly-toml: code cache cli written\n");
  assert.equal(damaged.stdout, first.stdout);
  // a cache directory that cannot be made costs only the speed
  writeFileSync(join(dir, "a-file"), "");
  const nowhere = go({ FLY_TOML_CACHE_DIR: join(dir, "a-file", "cache") });
  assert.equal(nowhere.stdout, first.stdout);
  assert.equal(nowhere.code, 1);
  assert.match(nowhere.stderr, /^fly-toml: code cache cli missing\nfly-toml: code cache cli not written: /);
});

test("fly-toml rule prints a rule's documentation (its section of docs/rules.md); --all --format json the definitions", () => {
  const r = run(["rule", "kill-signal-invalid"]);
  assert.equal(r.code, 0, r.stderr);
  const section = readFileSync(join(root, "docs", "rules.md"), "utf8")
    .split("### `kill-signal-invalid`")[1]
    .split("\n### ")[0];
  assert.equal(
    r.stdout,
    `### \`kill-signal-invalid\`${section.trimEnd()}\n\nOnline: https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md#kill-signal-invalid\n`,
  );
  assert.match(r.stdout, /```toml\n/, "with its example");
  const all = JSON.parse(run(["rule", "--all", "--format", "json"]).stdout);
  assert.equal(all.length, JSON.parse(run(["check", "--format", "sarif", MISTAKES]).stdout).runs[0].tool.driver.rules.length);
  assert.deepEqual(Object.keys(all[0]), [
    "id",
    "title",
    "severity",
    "group",
    "groupTitle",
    "fixSafety",
    "needs",
    "reads",
    "cases",
    "what",
    "why",
    "docs",
    "url",
  ]);
  const typo = run(["rule", "kill-signal-invalit"]);
  assert.equal(typo.code, 2);
  assert.equal(
    typo.stderr,
    "fly-toml: no rule 'kill-signal-invalit' (did you mean kill-signal-invalid?); fly-toml rule --all lists them\n",
  );
  assert.match(run(["rule", "--help"]).stdout, /^Usage: fly-toml rule ID \| --all/);
  assert.match(run(["--help"]).stdout, /fly-toml rule ID/);
});

test("--select and --ignore choose rules by id or group, for the report and --fix; a name that is neither is a usage error", () => {
  const codes = (args) => JSON.parse(run(["check", "--format", "json", ...args, MISTAKES]).stdout)[0].diagnostics.map((d) => d.code);
  const all = codes([]);
  assert.ok(all.includes("kill-signal-invalid") && all.includes("bind-localhost"));
  assert.deepEqual([...new Set(codes(["--select", "kill-signal-invalid"]))], ["kill-signal-invalid"]);
  const other = codes(["--select", "other"]);
  assert.ok(other.length && other.every((c) => !["bind-localhost"].includes(c)));
  assert.deepEqual(
    codes(["--ignore", "kill-signal-invalid,flycast"]),
    all.filter(
      (c) =>
        c !== "kill-signal-invalid" &&
        !["bind-localhost", "internal-address-no-wake", "flycast-https-url", "flycast-force-https"].includes(c),
    ),
  );
  // --fix applies only the fixes of what is reported
  const dir = tmp();
  writeFileSync(join(dir, "fly.toml"), 'kill_signal = "sigterm"\n[http_service]\n  internal_port = 8080\n  auto_stop_machines = true\n');
  run(["check", "--fix", "--select", "autostop", join(dir, "fly.toml")]);
  const fixed = readFileSync(join(dir, "fly.toml"), "utf8");
  assert.match(fixed, /auto_stop_machines = "stop"/);
  assert.match(fixed, /kill_signal = "sigterm"/, "an unselected rule's fix is not applied");
  const bad = run(["check", "--ignore", "flycst", MISTAKES]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^fly-toml: --ignore: 'flycst' is neither a rule nor a group \(did you mean flycast\?\)/);
});
