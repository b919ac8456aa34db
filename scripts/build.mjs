// Compiles the model (schemas/fly.schema.json, schemas/fly.model.json), then bundles the CLI, the server, the
// extension and the test bundles with esbuild. `--cli`: only what `fly-toml` runs (the GitHub Action builds that).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const common = {
  define: { __VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  logLevel: "warning",
};
/**
 * Node modules a bundled library requires at its top level but uses only on paths the server never takes
 * (vscode-jsonrpc's random pipe names, vscode-languageserver's global module lookup): each is loaded on first
 * use instead, which takes ~5 ms off the language server's start.
 */
const lazyBuiltins = (names) => ({
  name: "lazy-builtins",
  setup(b) {
    const filter = new RegExp(`^(${names.join("|")})$`);
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: "lazy-builtin" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (a) => ({
      contents:
        // the libraries only read properties of these modules (crypto.randomBytes, cp.spawn)
        `let m;\nmodule.exports = new Proxy({}, { get: (_, k) => (m ??= require("node:${a.path}"))[k] });\n`,
      loader: "js",
    }));
  },
});
mkdirSync("dist", { recursive: true });
// 1. the model: zod → schemas/fly.schema.json and schemas/fly.model.json
await build({ ...common, entryPoints: ["schemas/generate.ts"], outfile: "dist/generate-schema.js" });
execFileSync(process.execPath, ["dist/generate-schema.js", "schemas"], { stdio: "inherit" });
// 2. the bundles, which read the compiled model
const cliOnly = process.argv.includes("--cli");
const bundles = [
  build({
    ...common,
    minify: true,
    entryPoints: ["server/src/cli/main.ts"],
    outfile: "dist/cli.js",
    external: ["./ip-list.js", "./live.js", "./server.js"],
  }),
  // what bin/fly-toml.js runs: loads cli.js (from V8's code cache for a check)
  build({ ...common, minify: true, sourcemap: false, entryPoints: ["server/src/cli/launch.ts"], outfile: "dist/launch.js" }),
  build({
    ...common,
    minify: true,
    entryPoints: ["server/src/server-main.ts"],
    outfile: "dist/server.js",
    external: ["./taplo-worker.js"],
    plugins: [lazyBuiltins(["crypto", "child_process"])],
  }),
  build({ ...common, minify: true, entryPoints: ["core/ip-list.ts"], outfile: "dist/ip-list.js" }),
  build({ ...common, minify: true, entryPoints: ["server/src/cli/live.ts"], outfile: "dist/live.js" }),
  // the formatter: loading @taplo/lib (an optional dependency) for the npm package, which stays small, and
  // bundled with its 34 MB of wasm for the .vsix
  build({
    ...common,
    minify: true,
    sourcemap: false,
    entryPoints: ["server/src/taplo/worker.ts"],
    outfile: "dist/taplo-worker-lib.js",
    external: ["@taplo/lib"],
  }),
];
if (!cliOnly)
  bundles.push(
    build({ ...common, minify: true, sourcemap: false, entryPoints: ["server/src/taplo/worker.ts"], outfile: "dist/taplo-worker.js" }),
    build({ ...common, minify: true, entryPoints: ["client/src/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] }),
    // vscode.dev and github.dev: the client (package.json's "browser") and the server in a web worker
    build({
      ...common,
      platform: "browser",
      target: "es2022",
      minify: true,
      entryPoints: ["client/src/browser.ts"],
      outfile: "dist/browser-client.js",
      external: ["vscode"],
    }),
    build({
      ...common,
      platform: "browser",
      target: "es2022",
      format: "iife",
      minify: true,
      entryPoints: ["server/src/browser-server.ts"],
      outfile: "dist/browser-server.js",
      alias: { "vscode-languageserver/node": "vscode-languageserver/browser", "node:url": "./server/src/browser/url.ts" },
    }),
    // the client's logic without VS Code, and the service, for the tests
    build({ ...common, entryPoints: ["client/src/testable.ts"], outfile: "dist/client-testable.js" }),
    build({ ...common, entryPoints: ["server/src/service/index.ts"], outfile: "dist/service.js" }),
    build({ ...common, entryPoints: ["server/src/taplo/client.ts"], outfile: "dist/taplo-client.js" }),
    build({ ...common, minify: true, entryPoints: ["bench/parse-floor.ts"], outfile: "dist/parse-floor.js" }),
  );
await Promise.all(bundles);
