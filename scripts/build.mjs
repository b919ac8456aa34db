// Bundles the CLI (and, later, the server and client) with esbuild, then writes schemas/fly.schema.json.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const common = { define: { __VERSION__: JSON.stringify(pkg.version) }, bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: "linked", logLevel: "warning" };
mkdirSync("dist", { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js" }),
  build({ ...common, entryPoints: ["schemas/generate.ts"], outfile: "dist/generate-schema.js" }),
  build({ ...common, entryPoints: ["server/src/service/index.ts"], outfile: "dist/service.js" }),
]);
execFileSync(process.execPath, ["dist/generate-schema.js", "schemas/fly.schema.json"], { stdio: "inherit" });
