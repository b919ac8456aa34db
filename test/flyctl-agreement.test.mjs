// Agreement with flyctl over its own fixtures (../shared/fixtures/flyctl, INDEX.md): every error flyctl's
// Validate() reports is an error on the right key, and no file flyctl accepts gets an error-level diagnostic
// except from rules that catch what flyctl misses (each listed here with why it is a real mistake).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { existsSync } from "node:fs";
import { outside, shared, read, lineOf, errors, tomlFilesUnder } from "./helpers/service.mjs";

const dir = join(shared, "fixtures", "flyctl");
const data = outside("fixtures", "flyctl");

/** Errors flyctl reports (Validate() per INDEX.md, or its parse stage): rule and the line text it must sit on. */
const FLYCTL_ERRORS = {
  "always-invalid-v2.toml": [["wrong-type", "concurrency = 20"]], // v2UnmarshalError: Unknown type for service concurrency: int64
  "full-reference.toml": [
    ["deploy-strategy-invalid", 'strategy = "rolling-eyes"'], // unsupported deployment strategy 'rolling-eyes'
    ["service-processes-missing", "[http_service]"], // Service has no processes set but app has 2 processes defined
    ["unknown-process-group", "internal_port = 8081", 2], // Service specifies 'app' as one of its processes… (2 lines below)
  ],
  "validate-mounts.toml": [
    ["mount-invalid", 'initial_size = "15Mb"'], // has an initial_size '15Mb' value which is smaller than 1GB
    ["mount-invalid", 'initial_size = "unparseable"'], // will fail because of: invalid size
  ],
  "validate-services.toml": [["service-processes-missing", "[[services]]"]], // Service has no processes set
};

/** Errors from rules that catch what flyctl misses, in files flyctl accepts or in files it already rejects. */
const BEYOND_FLYCTL = {
  "full-reference.toml": {
    "invalid-enum": 'concurrency type "donuts" and handler "https" are not values Fly Proxy knows',
    "force-https-without-http-handler": "force_https on a tls-only port fails at deploy (docs)",
  },
  "validate-mounts.toml": { "mount-invalid": "two mounts for group 'app' (flyctl's ValidateGroups error) and a volume mounted at /" },
};

function fixtures() {
  return existsSync(dir) ? tomlFilesUnder(dir).map((p) => relative(dir, p)) : [];
}

test("the flyctl fixtures are all here (45 files)", data, () => {
  assert.equal(fixtures().length, 45);
});

for (const name of fixtures()) {
  test(`flyctl fixture ${name}`, () => {
    const text = read(join(dir, name));
    const got = errors(text);
    const expected = FLYCTL_ERRORS[name] ?? [];
    for (const [rule, lineText, below = 0] of expected) {
      const line = lineOf(text, lineText) + below;
      assert.ok(
        got.some((f) => f.rule === rule && f.line === line),
        `flyctl reports an error at line ${line} (${lineText}); expected ${rule} there, got ` +
          `${JSON.stringify(got.map((f) => [f.rule, f.line]))}`,
      );
    }
    const allowed = new Set([...expected.map(([r]) => r), ...Object.keys(BEYOND_FLYCTL[name] ?? {})]);
    const unexpected = got.filter((f) => !allowed.has(f.rule));
    assert.deepEqual(
      unexpected.map((f) => `${f.rule} line ${f.line}: ${f.message}`),
      [],
      "no error flyctl would not report",
    );
  });
}

test("validate-groups.toml with the canary strategy its test sets in code is an error on mounts", data, () => {
  const text = read(join(dir, "validate-groups.toml")) + '\n[deploy]\n  strategy = "canary"\n';
  assert.ok(errors(text).some((f) => f.rule === "deploy-strategy-invalid" && f.text === '"canary"'));
});
