/** The app a fly.toml names: its top-level `app`, when it is a plain string (flyctl's -a wins over it, as here). */
import { parseToml } from "./toml/parser";

export function appNameOf(text: string): string | undefined {
  const v = parseToml(text).root.entries.get("app")?.value;
  return v?.kind === "value" && v.type === "string" && String(v.value).trim() ? String(v.value).trim() : undefined;
}
