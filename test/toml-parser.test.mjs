// Our TOML parser against toml-eslint-parser (reading TOML 1.1, as flyctl's go-toml v2.4.3 does; it has its own
// test suite), as an oracle: same verdict (valid or not) and the same values on every fixture, and on TOML's edge
// cases. toml-test's conformance suite is test/toml-test.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseTOML, getStaticTOMLValue } from "toml-eslint-parser";
import { outside, root, shared, service, read, tomlFilesUnder } from "./helpers/service.mjs";

function normalize(v) {
  if (v instanceof Date) return "<datetime>";
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}

function ours(text) {
  const { root, errors } = service.parseToml(text);
  const value = service.plain(root);
  const fix = (v) =>
    Array.isArray(v)
      ? v.map(fix)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]))
        : typeof v === "string" && /^\d{4}-\d{2}-\d{2}([Tt ]\d|$)|^\d{2}:\d{2}/.test(v) && datetimes.has(v)
          ? "<datetime>"
          : v;
  const datetimes = new Set();
  const collect = (n) => {
    if (n.kind === "value" && n.type === "datetime") datetimes.add(n.value);
    else if (n.kind === "array") n.items.forEach(collect);
    else if (n.kind === "table") for (const e of n.entries.values()) collect(e.value);
  };
  collect(root);
  return { ok: errors.length === 0, value: fix(value), errors };
}

function theirs(text) {
  try {
    return { ok: true, value: normalize(getStaticTOMLValue(parseTOML(text, { tomlVersion: "1.1" }))) };
  } catch (e) {
    return { ok: false, message: e.message };
  }
}

function agree(text, label) {
  const a = ours(text);
  const b = theirs(text);
  assert.equal(
    a.ok,
    b.ok,
    `${label}: ours ${a.ok ? "accepts" : `rejects (${a.errors[0]?.message})`}, toml-eslint-parser ` +
      `${b.ok ? "accepts" : `rejects (${b.message})`}\n${text}`,
  );
  if (a.ok) assert.deepEqual(a.value, b.value, label);
}

test("same verdict and values on the examples and the rule fixtures", () => {
  const files = [...tomlFilesUnder(join(root, "examples")), ...tomlFilesUnder(join(root, "test", "fixtures", "rules"))];
  assert.ok(files.length > 50);
  for (const f of files) agree(read(f), f);
});

// toml-test's own suite is not compared here: it is the conformance test of its own (toml-eslint-parser, the
// oracle, accepts some of its invalid files, such as a bare carriage return)
test("same verdict and values on every outside fixture (flyctl's, the real-world configs)", outside("fixtures"), () => {
  const files = ["flyctl", "real-world", "schemastore"].flatMap((d) => tomlFilesUnder(join(shared, "fixtures", d)));
  assert.ok(files.length > 270);
  for (const f of files) agree(read(f), f);
});

const VALID = [
  'a = "x"\r\nb = 1\r\n',
  "a = 'C:\\\\path'\n",
  'a = "tab\\there \\u00e9 \\U0001F600"\n',
  'a = """\nline1\n  line2\\\n   continued"""\n',
  "a = '''\nraw \\n text'''\n",
  'a = """""quoted"""""\n',
  "a = 1_000\nb = 0xDEAD_beef\nc = 0o755\nd = 0b1010\ne = -17\nf = +3\n",
  "a = 3.14\nb = -0.01\nc = 5e+22\nd = 1e06\ne = 6.626e-34\nf = 224_617.445_991\ng = inf\nh = -inf\ni = nan\n",
  "a = 1979-05-27T07:32:00Z\nb = 1979-05-27 07:32:00.999-07:00\nc = 1979-05-27T07:32:00\nd = 1979-05-27\ne = 07:32:00\nf = 00:32:00.5\n",
  "a = [1, 2, 3,]\nb = [\n  \"x\", # comment\n  'y',\n]\nc = [[1, 2], ['a']]\nd = []\n",
  'a = { x = 1, y = { z = "w" } }\nb = {}\n',
  "[a.b.c]\nd = 1\n[a]\ne = 2\n",
  "[[fruit]]\nname = 'apple'\n[fruit.physical]\ncolor = 'red'\n[[fruit.variety]]\nname = 'red delicious'\n[[fruit]]\nname = 'banana'\n",
  "a.b.c = 1\na.b.d = 2\n\"quoted key\" = 3\n'lit'.x = 4\n",
  "[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n",
  "[ a . b ]\nc = 1\n",
  "# only a comment",
  "",
  "a = \"é ü 日本\"\nb = 'emoji 😀'\n",
  // TOML 1.1 (flyctl reads it; TOML 1.0 tools do not)
  "a = { b = 1, }\n",
  "a = {\n  b = 1, # one\n  # between\n  c = { d = 2,\n  },\n}\n",
  'a = "\\e[0m \\x41"\n',
  "a = 07:32\nb = 1979-05-27T07:32Z\nc = 1979-05-27 07:32\n",
];

const INVALID = [
  "a = 1\na = 2\n",
  "[a]\n[a]\n",
  "a.b = 1\n[a]\n",
  "a = [1]\n[[a]]\n",
  "[a]\nb = 1\n[[a]]\n",
  "a = { b = 1 }\n[a]\nc = 2\n",
  "a = { b = 1 }\na.c = 2\n",
  'a = "unterminated\n',
  "a = 'unterminated\n",
  'a = """never closed\n',
  "a = \n",
  "= 1\n",
  "a b = 1\n",
  "a = 1 b = 2\n",
  "a = TODO\n",
  "a = 01\n",
  "a = 1__0\n",
  "a = 1.\n",
  "a = .5\n",
  "a = +0x10\n",
  "a = 1979-13-01\n",
  "a = 1979-02-30\n",
  "a = 25:00:00\n",
  'a = "\\q"\n',
  'a = "\\uD800"\n',
  "a = [1 2]\n",
  "a = [1,\n",
  "a = { b = 1\n",
  "a = { b = 1,, }\n",
  "a = { b\n = 1 }\n",
  'a = "\\x4"\n',
  "a = 07:32:\n",
  "a = 07:32.5\n",
  "[a\nb = 1\n",
  "[[a]\n",
  'a = "x" # bad \u0001 comment\n',
  'a = "bad \u0007 char"\n',
  "[a.b.c]\nz = 9\n[a]\nb.c.t = 9\n",
  "a = 1\rb = 2\n",
  "é = 1\n",
  "\ufeffa = 1\n",
];

test("valid TOML edge cases parse the same", () => {
  for (const t of VALID) agree(t, JSON.stringify(t));
});

test("invalid TOML is rejected by both", () => {
  for (const t of INVALID) agree(t, JSON.stringify(t));
});

test("after an error the rest of the document still parses, and every error is reported", () => {
  const text = 'app = TODO\nprimary_region = "ams"\n[env]\n  HOST = TODO\n  PORT = "8080"\n[http_service]\n  internal_port = 8080\n';
  const { root, errors } = service.parseToml(text);
  assert.equal(errors.length, 2);
  assert.deepEqual(
    errors.map((e) => text.slice(e.span[0], e.span[1])),
    ["TODO", "TODO"],
  );
  assert.deepEqual(service.plain(root), { primary_region: "ams", env: { PORT: "8080" }, http_service: { internal_port: 8080 } });
});

test("keys under a broken header do not land in the table before it", () => {
  const { root, errors } = service.parseToml('[env]\nA = "1"\n[http_service\ninternal_port = 8080\n');
  assert.equal(errors.length, 1);
  assert.deepEqual(service.plain(root), { env: { A: "1" } });
});

test("positions are UTF-16 offsets", () => {
  const text = 'a = "日本😀"\nb = 1\n';
  const { root } = service.parseToml(text);
  const b = root.entries.get("b");
  assert.equal(text.slice(b.keySpan[0], b.keySpan[1]), "b");
  assert.equal(text.slice(...root.entries.get("a").value.span), '"日本😀"');
});
