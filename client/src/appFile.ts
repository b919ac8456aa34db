/** What the client reads of a fly.toml itself (its services) and the edits it makes (setting `app` after "Pick the app"). */
import { applyEdits, setKey } from "../../core/edits";
import { fileStyle, inStyle } from "../../core/style";
import { parseToml } from "../../core/toml/parser";
import { getEntry, tablesOf } from "../../core/tree";

/** The text with `app = "<name>"` set (in the file's quote style): replaced if present, else added first, after the leading comments. */
export function withAppName(text: string, app: string): string {
  const { root } = parseToml(text);
  const style = fileStyle(text, root);
  const value = inStyle(JSON.stringify(app), style);
  if (root.entries.has("app")) return applyEdits(text, [setKey(text, root, "app", value)]);
  const at = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text)![0].length;
  return `${text.slice(0, at)}app = ${value}${style.eol}${text.slice(at)}`;
}

/**
 * Whether the file gives the app a service: [http_service] (in any form) or a non-empty [[services]], as flyctl's
 * AllServices() counts them. Only then does a first deploy allocate addresses.
 */
export function hasServices(text: string): boolean {
  const { root } = parseToml(text);
  return (
    getEntry(root, "http_service")?.value.kind === "table" || tablesOf(getEntry(root, "services")?.value).some((t) => t.entries.size > 0)
  );
}
