/** The [env] entries of a fly.toml that can be moved out of it: a string value on a line of its own. */
import { lineEndOf, lineStartOf, positions } from "../../../core/lines";
import { parseToml } from "../../../core/toml/parser";
import type { Span } from "../../../core/tree";

interface EnvEntry {
  name: string;
  /** The value as the app sees it (decoded); kept in memory only, for flyctl's standard input. */
  value: string;
  /** 1-based line, for the plan. */
  line: number;
  /** The whole line(s) of the entry, its line break included: what is removed. */
  span: Span;
}

/** Entries of the `[env]` table whose value is one string alone on its line (a comment after it is removed with it). */
export function envEntries(text: string): EnvEntry[] {
  const { root } = parseToml(text);
  const env = root.entries.get("env")?.value;
  if (env?.kind !== "table" || env.form !== "header") return [];
  const out: EnvEntry[] = [];
  const at = positions(text);
  for (const e of env.entries.values()) {
    const v = e.value;
    if (v.kind !== "value" || v.type !== "string") continue;
    const start = lineStartOf(text, e.keySpan[0]);
    const end = lineEndOf(text, v.span[1]);
    if (text.slice(start, e.keySpan[0]).trim() || !/^\s*(#.*)?$/.test(text.slice(v.span[1], end))) continue;
    const brk = text.startsWith("\r\n", end) ? 2 : text[end] === "\n" ? 1 : 0;
    out.push({ name: e.key, value: String(v.value), line: at(start).line + 1, span: [start, end + brk] });
  }
  return out;
}
