/** The CLI's output formats: text, json and SARIF 2.1.0. */
import { relative, sep } from "node:path";
import type { Diagnostic } from "vscode-languageserver-types";
import { severityName } from "../service/diagnostics";
import { RULES, RULE_IDS, type RuleId } from "../service/rules/registry";

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
}

export interface Counts {
  errors: number;
  warnings: number;
  files: number;
}

export function count(results: FileResult[]): Counts {
  let errors = 0;
  let warnings = 0;
  for (const r of results)
    for (const d of r.diagnostics) {
      const s = severityName(d.severity);
      if (s === "error") errors++;
      else if (s === "warning") warnings++;
    }
  return { errors, warnings, files: results.length };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatText(results: FileResult[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<string, string> = { error: "31", warning: "33", info: "36", hint: "2" };
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const sev = severityName(d.severity);
      const where = `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`${where}  ${paint(sevColor[sev], sev)}  ${d.message}  ${paint("2", `[${String(d.code)}]`)}`);
    }
  }
  const c = count(results);
  lines.push(`${plural(c.errors, "error")}, ${plural(c.warnings, "warning")} in ${plural(c.files, "file")}`);
  return lines.join("\n") + "\n";
}

export function formatJson(results: FileResult[]): string {
  const out = results.map((r) => ({
    file: r.file,
    diagnostics: r.diagnostics.map((d) => ({
      code: String(d.code),
      severity: severityName(d.severity),
      message: d.message,
      range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
      fixable: Boolean((d.data as { fixable?: boolean } | undefined)?.fixable),
    })),
  }));
  return JSON.stringify(out, null, 2) + "\n";
}

const SARIF_LEVEL = { error: "error", warning: "warning", info: "note", hint: "note" } as const;

export function formatSarif(results: FileResult[], version: string, cwd = process.cwd()): string {
  const rules = RULE_IDS.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: RULES[id].title },
    helpUri: RULES[id].docs,
    defaultConfiguration: { level: SARIF_LEVEL[RULES[id].severity] },
  }));
  const sarifResults = results.flatMap((r) =>
    r.diagnostics.map((d) => ({
      ruleId: String(d.code),
      ruleIndex: RULE_IDS.indexOf(d.code as RuleId),
      level: SARIF_LEVEL[severityName(d.severity)],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relative(cwd, r.file).split(sep).join("/"), uriBaseId: "%SRCROOT%" },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "fly-toml", version, informationUri: "https://fly.io/docs/reference/configuration/", rules } },
        columnKind: "utf16CodeUnits",
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
