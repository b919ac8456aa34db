// The peer of the benchmarks: tombi's Linux x64 binary from npm, installed on first use into .bench/tools (not a
// devDependency: a platform package would make `npm ci` fail on any other platform, the GitHub Action's included).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const TOMBI = "@tombi-toml/cli-linux-x64@1.5.5";
const tools = join(resolve(import.meta.dirname, ".."), ".bench", "tools");

export function tombiBinary() {
  const bin = join(tools, "node_modules", "@tombi-toml", "cli-linux-x64", "tombi");
  if (!existsSync(bin)) {
    if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`the benchmark's peer, ${TOMBI}, is a Linux x64 binary`);
    execFileSync(
      "npm",
      ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", tools, TOMBI],
      { stdio: "inherit" },
    );
  }
  return bin;
}
