// Security: flyctl runs without a shell (metacharacters reach it literally), and no secret value from [env]
// (or build args) appears in a diagnostic, a hover, the outline, a quick fix title or the CLI's output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { root, service, IPS } from "./helpers/service.mjs";
import { fakeFlyctl } from "./helpers/fake-flyctl.mjs";

const require = createRequire(import.meta.url);
const { run } = require(join(root, "dist", "client-testable.js"));
const { TextDocument } = require("vscode-languageserver-textdocument");

test("flyctl is spawned without a shell: metacharacters are plain arguments", async () => {
  const fake = fakeFlyctl();
  const marker = join(fake.dir, "pwned");
  const evil = [`$(touch ${marker})`, `; touch ${marker}`, `| touch ${marker}`, "`id`", "&& exit 3"];
  const r = await run(fake.flyctlPath, ["version", ...evil], { env: fake.env, timeoutMs: 5000 });
  assert.equal(r.code, 0);
  assert.equal(existsSync(marker), false, "nothing ran through a shell");
  assert.deepEqual(fake.state().calls.at(-1), ["version", ...evil]);
});

const SECRET = "s3cr3t-V4lu3-123456";
const DOC =
  [
    'app = "api"',
    "[build.args]",
    `  NPM_TOKEN = "${SECRET}"`,
    "[env]",
    `  DATABASE_PASSWORD = "${SECRET}"`,
    `  API_KEY = ${SECRET.length}123456`,
    `  PIN = 987654321`,
    `  HOST = "localhost"`,
    `  FLY_TOKEN = "${SECRET}"`,
    `  DATABASE_URL = "postgres://user:${SECRET}@db.internal:5432/app"`,
    `  OTHER = ["${SECRET}"]`,
    "[http_service]",
    "  internal_port = 8080",
  ].join("\n") + "\n";

test("no [env] or build-arg value appears in diagnostics, fix titles, hover or the outline", () => {
  const doc = TextDocument.create("file:///a/fly.toml", "toml", 1, DOC);
  for (const ips of [null, IPS.private]) {
    const { findings } = service.analyze(DOC, ips);
    assert.ok(findings.some((f) => f.rule === "env-secret-like"));
    for (const f of findings) {
      for (const text of [f.message, ...f.fixes.map((x) => x.title)]) {
        assert.ok(!text.includes(SECRET) && !text.includes("987654321"), `${f.rule}: ${text}`);
      }
    }
  }
  const lines = DOC.split("\n");
  for (let line = 0; line < lines.length; line++) {
    for (let character = 0; character <= lines[line].length; character += 3) {
      const h = service.hover(doc, { line, character });
      if (h) assert.ok(!h.contents.value.includes(SECRET) && !h.contents.value.includes("987654321"), `hover at ${line}:${character}`);
    }
  }
  assert.ok(!JSON.stringify(service.symbols(doc)).includes(SECRET));
  assert.ok(!JSON.stringify(service.symbols(doc)).includes("987654321"));
});

test("the CLI's output in every format keeps secrets out", () => {
  const dir = mkdtempSync(join(tmpdir(), "secret-"));
  writeFileSync(join(dir, "fly.toml"), DOC);
  for (const format of ["text", "json", "sarif"]) {
    const r = spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), "check", "--format", format, join(dir, "fly.toml")], {
      encoding: "utf8",
    });
    assert.ok(r.stdout.length > 100);
    assert.ok(!r.stdout.includes(SECRET) && !r.stdout.includes("987654321"), format);
  }
  assert.equal(readFileSync(join(dir, "fly.toml"), "utf8"), DOC);
});
