// 209 real fly.toml files (and 19 templated ones): the checker never crashes, and every file with an
// error-level diagnostic is listed here with why it is a genuine mistake.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { outside, shared, read, errors, findings } from "./helpers/service.mjs";

const dir = join(shared, "fixtures", "real-world");
const data = outside("fixtures", "real-world");

/** file → { rule: why a Fly.io user would agree it is a mistake } */
const GENUINE = {
  "0087.toml": {
    "toml-syntax": "unfilled template placeholders (`app = TODO: your app name goes here`): not TOML, flyctl cannot load it",
    "wrong-type": 'start_port/end_port written as strings ("49999"): flyctl casts only `port`, so these are a JSON type error',
  },
  "0099.toml": { "env-reserved-name": "FLY_PRIMARY_REGION in [env]: FLY_ names are reserved by the platform; primary_region is the key" },
  "0327.toml": { "env-reserved-name": "FLY_PRIMARY_REGION in [env]: FLY_ names are reserved by the platform" },
  "0345.toml": { "env-reserved-name": "FLY_PRIMARY_REGION in [env]: FLY_ names are reserved by the platform" },
  "0235.toml": {
    "toplevel-check-invalid": '[checks.pg] type = "script" (a V1 script check): flyctl\'s validation rejects any type but http/tcp',
  },
  "templated/0002.toml": { "toml-syntax": "a template placeholder breaks a string" },
  "templated/0004.toml": { "toml-syntax": "template syntax outside strings" },
  "templated/0005.toml": { "toml-syntax": "template syntax outside strings" },
  "templated/0019.toml": { "vm-invalid": 'unfilled placeholders for memory ("${fly_memory}") and cpu_kind' },
};

const files = existsSync(dir)
  ? [
      ...readdirSync(dir).filter((f) => f.endsWith(".toml")),
      ...readdirSync(join(dir, "templated"))
        .filter((f) => f.endsWith(".toml"))
        .map((f) => `templated/${f}`),
    ]
  : [];

test("there are 209 real files and 19 templated ones", data, () => {
  assert.equal(files.filter((f) => !f.startsWith("templated/")).length, 209);
  assert.equal(files.filter((f) => f.startsWith("templated/")).length, 19);
});

test("every real-world file is checked without a crash, and errors only where listed as genuine", data, () => {
  const unexpected = [];
  for (const f of files) {
    const text = read(join(dir, f));
    const all = findings(text);
    for (const x of all) assert.ok(x.span[0] >= 0 && x.span[1] <= text.length && x.span[0] <= x.span[1], `${f}: range inside the document`);
    const errs = errors(text);
    const listed = GENUINE[f] ?? {};
    for (const e of errs) if (!listed[e.rule]) unexpected.push(`${f}:${e.line} ${e.rule}: ${e.message}`);
    for (const rule of Object.keys(listed))
      assert.ok(
        errs.some((e) => e.rule === rule),
        `${f} is listed for ${rule}, which no longer fires`,
      );
  }
  assert.deepEqual(unexpected, []);
});

test("legacy V1 forms in real files are never errors", data, () => {
  for (const f of files) {
    const text = read(join(dir, f));
    for (const e of errors(text)) {
      assert.notEqual(e.rule, "legacy-key");
      assert.ok(!/processes = \[\]|script_checks|restart_limit|allowed_public_ports/.test(e.text), `${f}: ${e.message}`);
    }
  }
});
