/** Which files `fly-toml check` looks at: files as given, and fly.toml / fly.*.toml found under directories. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FLY_TOML_NAME } from "../../../core/files";
import { errorWords, UsageError } from "./io";

const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "out", "target", "vendor", ".venv"]);

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read directory ${dir}: ${errorWords(e)}`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name), out);
    } else if ((e.isFile() || e.isSymbolicLink()) && FLY_TOML_NAME.test(e.name)) out.push(join(dir, e.name));
  }
}

export function resolveFiles(args: string[]): string[] {
  const inputs = args.length ? args : ["fly.toml"];
  const out: string[] = [];
  for (const a of inputs) {
    let st;
    try {
      st = statSync(a);
    } catch (e) {
      if (!args.length)
        throw new UsageError("no fly.toml in the current directory (give files or directories to check, or - for standard input)");
      throw new UsageError(`cannot read ${a}: ${errorWords(e)}`);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      walk(a, found);
      if (!found.length) throw new UsageError(`no fly.toml or fly.*.toml files under ${a}`);
      out.push(...found);
    } else out.push(a);
  }
  return [...new Set(out)];
}
