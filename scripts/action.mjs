// The GitHub Action's step (action.yml): the findings as workflow commands (inline on the pull request), the
// SARIF report for github/codeql-action/upload-sarif, outputs and a job summary, and the step's verdict.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const bin = join(resolve(import.meta.dirname, ".."), "bin", "fly-toml.js");
const input = (name) => (process.env[`INPUT_${name}`] ?? "").trim();
const paths = input("PATHS").split(/\s+/).filter(Boolean);
const args = [];
if (input("IPS_FILE")) args.push("--ips", input("IPS_FILE"));
if (input("MAX_WARNINGS")) args.push("--max-warnings", input("MAX_WARNINGS"));
if (input("SELECT")) args.push("--select", input("SELECT"));
if (input("IGNORE")) args.push("--ignore", input("IGNORE"));
const targets = paths.length ? paths : ["."];
const sarifFile = input("SARIF_FILE") || "fly-toml.sarif";
const failOnError = input("FAIL_ON_ERROR") !== "false";

// 1. annotations and the summary line, in the log
const gh = spawnSync(process.execPath, [bin, "check", "--format", "github", ...args, ...targets], { encoding: "utf8" });
process.stdout.write(gh.stdout);
process.stderr.write(gh.stderr);
if (gh.status === 2) process.exit(2); // a usage or I/O error: its one line is above

// 2. the SARIF report (written whatever was found, so it can be uploaded)
const sarif = spawnSync(process.execPath, [bin, "check", "--format", "sarif", ...args, ...targets], { encoding: "utf8" });
// (in a directory of its own, made when it is not there yet: `sarif-file: reports/fly-toml.sarif`)
mkdirSync(dirname(resolve(sarifFile)), { recursive: true });
writeFileSync(sarifFile, sarif.stdout);

const results = JSON.parse(sarif.stdout).runs[0].results;
const errors = results.filter((r) => r.level === "error").length;
const warnings = results.filter((r) => r.level === "warning").length;
if (process.env.GITHUB_OUTPUT)
  appendFileSync(process.env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\nerrors=${errors}\nwarnings=${warnings}\n`);
if (process.env.GITHUB_STEP_SUMMARY) {
  const line = gh.stdout.trim().split("\n").pop();
  appendFileSync(
    process.env.GITHUB_STEP_SUMMARY,
    `### fly-toml\n\n${line}. The findings are in the log and on the pull request's files; the SARIF report is ${sarifFile}.\n`,
  );
}
process.exit(gh.status === 1 && failOnError ? 1 : 0);
