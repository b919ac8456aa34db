/** The apps of a workspace: each fly.toml / fly.*.toml and the `app` name it declares, grouped by app. */
import { appNameOf } from "../../../core/app-name";
import type { AppEntry, ConfigFile } from "./model";

export { appNameOf };

/** Directory by directory, and in a directory fly.toml before fly.staging.toml and the rest. */
function byPath(a: ConfigFile, b: ConfigFile): number {
  const split = (f: ConfigFile) => {
    const i = f.relative.lastIndexOf("/");
    return [f.relative.slice(0, i + 1), f.relative.slice(i + 1)] as const;
  };
  const [da, na] = split(a);
  const [db, nb] = split(b);
  if (da !== db) return da.localeCompare(db);
  if (na === "fly.toml" || nb === "fly.toml") return na === nb ? 0 : na === "fly.toml" ? -1 : 1;
  return na.localeCompare(nb);
}

/** One entry per app name (its files in path order, fly.toml first), and one per file without an app name. */
export function groupApps(files: (ConfigFile & { text: string })[]): AppEntry[] {
  const entries: AppEntry[] = [];
  const byApp = new Map<string, AppEntry>();
  for (const f of [...files].sort(byPath)) {
    const app = appNameOf(f.text);
    const file = { uri: f.uri, relative: f.relative };
    const known = app ? byApp.get(app) : undefined;
    if (known) known.files.push(file);
    else {
      const entry: AppEntry = { ...file, app, files: [file] };
      entries.push(entry);
      if (app) byApp.set(app, entry);
    }
  }
  return entries;
}
