/** Edits of a fly.toml that the client makes itself (setting `app` after "Pick the app"). */
import { applyEdits, setKey } from "../../core/edits";
import { fileStyle, inStyle } from "../../core/style";
import { parseToml } from "../../core/toml/parser";

/** The text with `app = "<name>"` set (in the file's quote style): replaced if present, else added first, after the leading comments. */
export function withAppName(text: string, app: string): string {
  const { root } = parseToml(text);
  const style = fileStyle(text, root);
  const value = inStyle(JSON.stringify(app), style);
  if (root.entries.has("app")) return applyEdits(text, [setKey(text, root, "app", value)]);
  const at = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text)![0].length;
  return `${text.slice(0, at)}app = ${value}${style.eol}${text.slice(at)}`;
}
