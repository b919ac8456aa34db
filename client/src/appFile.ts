/** Edits of a fly.toml that the client makes itself (setting `app` after "Pick the app"). */
import { applyEdits, setKey } from "../../server/src/service/edits";
import { parseToml } from "../../server/src/service/toml/parser";

/** The text with `app = "<name>"` set: replaced if present, else added first, after the leading comments. */
export function withAppName(text: string, app: string): string {
  const { root } = parseToml(text);
  if (root.entries.has("app")) return applyEdits(text, [setKey(text, root, "app", JSON.stringify(app))]);
  const at = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text)![0].length;
  return `${text.slice(0, at)}app = ${JSON.stringify(app)}\n${text.slice(at)}`;
}
