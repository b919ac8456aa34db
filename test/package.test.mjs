// The npm package as a user gets it: packed, installed globally into a temporary prefix, and the installed
// `fly-toml` run: --version, check, lsp --stdio (formatting through the optional @taplo/lib, and a clear error
// without it). npm test builds first, so the pack uses the fresh dist/ (prepack builds when packing by hand).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LspClient } from "./helpers/lsp-client.mjs";
import { withNpmLock } from "./helpers/npm-lock.mjs";
import { root } from "./helpers/service.mjs";

after(() => LspClient.killAll());

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const npm = (args, cwd) =>
  withNpmLock(() =>
    execFileSync("npm", args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, npm_config_loglevel: "error", npm_config_fund: "false", npm_config_audit: "false" },
    }),
  );
const work = mkdtempSync(join(tmpdir(), "fly-toml-pack-"));
const tarball = join(work, npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], root).match(/"filename": "([^"]+)"/)[1]);

function install(prefix) {
  npm(["install", "--global", "--prefix", prefix, "--prefer-offline", tarball], work);
  return join(prefix, "bin", "fly-toml");
}

test("the tarball is small, ships the CLI, the server and the docs, and no devDependency is needed at run time", () => {
  assert.ok(statSync(tarball).size < 5 * 1024 * 1024, `${statSync(tarball).size} bytes`);
  const listed = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
  for (const f of [
    "bin/fly-toml.js",
    "dist/cli.js",
    "dist/server.js",
    "dist/ip-list.js",
    "dist/taplo-worker-lib.js",
    "schemas/fly.schema.json",
    "docs/rules.md",
    "README.md",
    "LICENSE",
    "package.json",
  ])
    assert.ok(listed.includes(f), f);
  assert.ok(!listed.includes("dist/taplo-worker.js"), "not the 34 MB formatter bundle of the .vsix");
  assert.ok(!listed.some((f) => f.endsWith(".map") || f.startsWith("test/") || f.startsWith("client/")), listed.join(" "));
  assert.equal(pkg.dependencies, undefined, "everything the CLI and the server run is bundled");
  assert.deepEqual(Object.keys(pkg.optionalDependencies), ["@taplo/lib"]);
  assert.match(pkg.scripts.prepack, /npm run build/, "packing by hand builds first");
});

test("installed globally: --version, --help and check work from the installed binary", () => {
  const bin = install(join(work, "prefix"));
  assert.equal(execFileSync(bin, ["--version"], { encoding: "utf8" }), `${pkg.version}\n`);
  assert.match(execFileSync(bin, ["check", "--help"], { encoding: "utf8" }), /^Usage: fly-toml check/);
  const r = spawnSync(bin, ["check", "--format", "json", join(root, "examples", "classic-mistakes", "fly.toml")], {
    encoding: "utf8",
    cwd: work,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(JSON.parse(r.stdout)[0].diagnostics.some((d) => d.code === "kill-signal-invalid"));
  const ips = spawnSync(
    bin,
    ["check", "--ips", join(root, "examples", "classic-mistakes", "ips.json"), join(root, "examples", "classic-mistakes", "fly.toml")],
    { encoding: "utf8", cwd: work },
  );
  assert.match(ips.stdout, /flycast-force-https/, "--ips loads its own bundle");
});

async function lsp(bin) {
  const c = new LspClient(["lsp", "--stdio"], { command: bin, cwd: work });
  await c.initialize();
  const uri = "file:///pkg/fly.toml";
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: 'app="api"\nkill_signal = "TERM"\n' } });
  const diags = await c.diagnosticsFor(uri, 1);
  let formatted;
  try {
    formatted = {
      edits: await c.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }, 30000),
    };
  } catch (e) {
    formatted = { error: e.message };
  }
  await c.shutdown();
  return { codes: diags.params.diagnostics.map((d) => d.code), formatted };
}

test("installed globally: lsp --stdio answers, and formats through the optional @taplo/lib", async () => {
  const { codes, formatted } = await lsp(join(work, "prefix", "bin", "fly-toml"));
  assert.ok(codes.includes("kill-signal-invalid"));
  assert.equal(formatted.error, undefined);
  assert.ok(
    formatted.edits.some((e) => e.newText.includes('app = "api"')),
    JSON.stringify(formatted),
  );
});

test("installed without its optional dependency: checking works, formatting says what is missing", async () => {
  const prefix = join(work, "prefix-no-optional");
  const bin = install(prefix);
  // npm installs optional dependencies even with --omit=optional in a global install; one that failed to install
  // (no wasm support, a registry that does not have it) leaves no directory, which is what this removal does
  rmSync(join(prefix, "lib", "node_modules", "fly-toml", "node_modules", "@taplo"), { recursive: true });
  const { codes, formatted } = await lsp(bin);
  assert.ok(codes.includes("kill-signal-invalid"));
  assert.match(
    formatted.error,
    new RegExp(
      /formatting needs the @taplo\/lib package, which is not installed /.source +
        /\(it is an optional dependency of fly-toml: npm install -g @taplo\/lib\)/.source,
    ),
  );
});

test("the .vsix holds only what a user needs: the user README, the icon, the bundles for VS Code and the browser", () => {
  const listed = execFileSync(process.execPath, [join(root, "scripts", "package-vsix.mjs"), "--ls"], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .sort();
  assert.deepEqual(listed, [
    "CHANGELOG.md",
    "LICENSE",
    "README.md",
    "dist/browser-client.js",
    "dist/browser-server.js",
    "dist/extension.js",
    "dist/server.js",
    "dist/taplo-worker.js",
    "docs/rules.md",
    "images/icon.png",
    "package.json",
    "schemas/fly.schema.json",
    "syntaxes/language-configuration.json",
    "syntaxes/toml.tmLanguage.json",
    ...readdirSync(join(root, "walkthrough"))
      .map((f) => `walkthrough/${f}`)
      .sort(),
  ]);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.equal(manifest.icon, "images/icon.png");
  assert.deepEqual(manifest.categories, ["Programming Languages", "Linters", "Formatters"]);
  for (const k of ["fly.io", "fly.toml", "flyctl", "flycast", "toml"]) assert.ok(manifest.keywords.includes(k), k);
  assert.ok(manifest.repository.url && manifest.bugs.url && manifest.homepage && manifest.galleryBanner.color);
  assert.ok(manifest.browser, "a web extension entry");
  // the README a user reads is short; the project's own material is in docs/
  assert.ok(readFileSync(join(root, "README.md"), "utf8").split("\n").length < 150);
});
