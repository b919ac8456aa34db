// The repository's files, as a clone of it has them: `git ls-files` in a checkout; in a copy without .git (the
// fresh-clone test) every file but what .gitignore leaves out (the build, node_modules, the e2e's downloads).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { root } from "./service.mjs";

const IGNORED = /^(\.git|node_modules|dist|\.bench|\.e2e|\.vsix-stage|test\/e2e\/artifacts)(\/|$)|\.(vsix|tgz)$/;

export function repoFiles() {
  if (existsSync(join(root, ".git")))
    return execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => f && existsSync(join(root, f)));
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const rel = relative(root, path);
      if (IGNORED.test(rel)) continue;
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) out.push(rel);
    }
  };
  walk(root);
  return out;
}
