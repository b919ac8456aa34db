// `npm run package`: fly-toml.vsix from a staging directory that holds only what the extension runs on. The
// repository's package.json lists in "files" what the npm package ships (the CLI and the server, without the
// 34 MB formatter bundle); vsce refuses "files" beside a .vscodeignore, so the extension gets its own list here.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const stage = join(root, ".vsix-stage");
const SHIPPED = [
  "README.md",
  "CHANGELOG.md",
  "LICENSE",
  "images/icon.png",
  "docs/rules.md",
  "dist/extension.js",
  "dist/server.js",
  "dist/taplo-worker.js",
  // vscode.dev and github.dev (package.json's "browser")
  "dist/browser-client.js",
  "dist/browser-server.js",
  "syntaxes",
  "walkthrough",
  "schemas/fly.schema.json",
];

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const p of SHIPPED) {
  mkdirSync(dirname(join(stage, p)), { recursive: true });
  cpSync(join(root, p), join(stage, p), { recursive: true });
}
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const k of ["files", "scripts", "devDependencies", "optionalDependencies", "bin"]) delete pkg[k];
writeFileSync(join(stage, "package.json"), JSON.stringify(pkg, null, 2));
const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
// `--ls`: what the .vsix would hold (vsce ls), without packaging it
const args = process.argv.includes("--ls")
  ? ["ls", "--no-dependencies"]
  : ["package", "--no-dependencies", "--out", join(root, "fly-toml.vsix")];
execFileSync(process.execPath, [vsce, ...args], { cwd: stage, stdio: "inherit" });
rmSync(stage, { recursive: true, force: true });
