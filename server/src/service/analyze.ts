/** Runs every rule over a document: text (and the app's IPs) in, findings out. */
import { exposureOf } from "../../../core/ips";
import { liveOf, type Live } from "../../../core/live";
import type { Around } from "./around/files";
import { parseDocument, type ParsedDocument } from "./parse";
import { createContext, type Finding } from "./rules/context";
import { FAMILIES, RULES } from "./rules/registry";

export interface Analysis {
  doc: ParsedDocument;
  findings: Finding[];
}

export function analyze(text: string, live: Live = null, around: Around | null = null): Analysis {
  const doc = parseDocument(text);
  const state = liveOf(live);
  const { ctx, findings } = createContext(text, doc.root, state, exposureOf(state.ips), RULES, around);
  for (const e of doc.errors) ctx.report(e.duplicate ? "toml-duplicate-key" : "toml-syntax", e.span, e.message);
  for (const u of doc.parse.toml11)
    ctx.report(
      "toml-1-1-form",
      u.span,
      `TOML 1.1: ${u.what}. flyctl reads it, but TOML 1.0 tools (taplo, Even Better TOML) report it as an error.`,
    );
  for (const family of FAMILIES) family(ctx);
  findings.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  return { doc, findings };
}
