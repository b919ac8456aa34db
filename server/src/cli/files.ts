/** Which files `fly-toml check` looks at: files as given, and fly.toml / fly.*.toml found under directories. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const FLY_TOML = /^fly(\.[^/\\]+)?\.toml$/;
const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "out", "target", "vendor", ".venv"]);

export class UsageError extends Error {}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name), out);
    } else if (e.isFile() && FLY_TOML.test(e.name)) out.push(join(dir, e.name));
  }
}

export function resolveFiles(args: string[]): string[] {
  const inputs = args.length ? args : ["fly.toml"];
  const out: string[] = [];
  for (const a of inputs) {
    let st;
    try {
      st = statSync(a);
    } catch {
      throw new UsageError(args.length ? `no such file or directory: ${a}` : "no fly.toml in the current directory (give files or directories to check)");
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
