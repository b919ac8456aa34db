/** The apps of a workspace: each fly.toml / fly.*.toml and the `app` name it declares. */
import { parseToml } from "../../../server/src/service/toml/parser";
import type { AppEntry } from "./model";

/** The `app` of a fly.toml text, if it is a plain string. */
export function appNameOf(text: string): string | undefined {
  const v = parseToml(text).root.entries.get("app")?.value;
  return v?.kind === "value" && v.type === "string" && String(v.value).trim() ? String(v.value).trim() : undefined;
}

export function entryFor(uri: string, relative: string, text: string): AppEntry {
  return { uri, relative, app: appNameOf(text) };
}
