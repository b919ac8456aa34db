// `npm start`: check the bundled examples (after the build), the way a user runs the CLI.
import { spawnSync } from "node:child_process";

const runs = [
  ["check", "examples"],
  ["check", "--ips", "examples/private-api/ips.json", "examples/private-api/fly.toml"],
  ["check", "--ips", "examples/classic-mistakes/ips.json", "examples/classic-mistakes/fly.toml"],
];
let worst = 0;
for (const args of runs) {
  console.log(`\n$ fly-toml ${args.join(" ")}`);
  const r = spawnSync(process.execPath, ["bin/fly-toml.js", ...args], { stdio: "inherit" });
  // 1 means "found errors", which the classic-mistakes example is there to show; 2 is a real failure
  if (r.status !== 0 && r.status !== 1) worst = r.status ?? 2;
}
process.exitCode = worst;
