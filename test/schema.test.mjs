// schemas/fly.schema.json, generated from the zod model at build time, for other TOML tools.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { parseTOML, getStaticTOMLValue } from "toml-eslint-parser";
import { outside, root, shared, read, tomlFilesUnder } from "./helpers/service.mjs";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const schema = JSON.parse(read(join(root, "schemas", "fly.schema.json")));
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

const toJson = (text) => JSON.parse(JSON.stringify(getStaticTOMLValue(parseTOML(text))));

/** Files flyctl rejects (INDEX.md): the schema need not accept them. */
const REJECTED = new Set(["always-invalid-v2.toml", "full-reference.toml", "validate-mounts.toml", "validate-services.toml"]);

test("the schema is JSON Schema draft-07 with docs for editors", () => {
  assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
  const http = schema.properties.http_service;
  assert.match(http.properties.force_https.markdownDescription, /Flycast/);
  assert.ok(schema.properties.kill_signal.markdownEnumDescriptions.length > 0);
});

test("the schema accepts every flyctl fixture that flyctl accepts", outside("fixtures", "flyctl"), () => {
  const dir = join(shared, "fixtures", "flyctl");
  let n = 0;
  for (const file of tomlFilesUnder(dir)) {
    const name = relative(dir, file);
    if (REJECTED.has(name)) continue;
    const ok = validate(toJson(read(file)));
    assert.ok(ok, `${name}: ${ajv.errorsText(validate.errors)}`);
    n++;
  }
  assert.equal(n, 41);
});

test("the schema accepts the legacy forms flyctl reads", () => {
  for (const text of [
    "processes = []\n[http_service]\ninternal_port = 8080\nauto_stop_machines = true\n",
    '[vm]\nmemory = 512\n[mount]\nsource = "d"\ndestination = "/d"\ninitial_size = 200\n',
    '[[services]]\ninternal_port = "8080"\nconcurrency = "20,25"\nscript_checks = []\n[[services.ports]]\nport = "80"\n',
    "[[env]]\nFOO = 1\n",
  ])
    assert.ok(validate(toJson(text)), `${text}: ${ajv.errorsText(validate.errors)}`);
});

test("the schema rejects what flyctl cannot read", () => {
  for (const text of [
    '[[http_service.concurrency]]\ntype = "requests"\n',
    '[http_service]\ninternal_port = "8080"\n',
    '[http_service]\nauto_stop_machines = "on"\n',
    '[[restart]]\npolicy = "no"\n',
    "[http_service]\ninternal_port = 70000\n",
    "[[services]]\ninternal_port = 0\n[[services.ports]]\nport = 80\n",
  ]) {
    assert.equal(validate(toJson(text)), false, text);
  }
});
