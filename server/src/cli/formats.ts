/** The CLI's output formats: text, json and SARIF 2.1.0, from the service's findings. */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import {
  FIX_SAFETY_WORDS,
  RULES,
  RULE_IDS,
  ruleDocUrl,
  type AppliedFix,
  type Finding,
  type FixSafety,
  type RuleId,
  type Severity,
} from "../service";
import { positions } from "../../../core/lines";
import { plural } from "../../../core/words";

interface Position {
  line: number;
  character: number;
}

/** One finding as the CLI reports it (0-based LSP positions, UTF-16 columns). */
export interface Reported {
  code: RuleId;
  severity: Severity;
  message: string;
  range: { start: Position; end: Position };
  /** How `--fix` would fix it: safe (by --fix), unsafe (only with --unsafe-fixes), or not at all. */
  fix: FixSafety | null;
  /** It has a quick fix in the editor (perhaps one to choose among several). */
  fixable: boolean;
  /** Where else it rests (a Dockerfile line): the file (as given, or this one), the 0-based line, what is there. */
  related?: { file: string; line: number; message: string }[];
}

export interface FileResult {
  file: string;
  findings: Reported[];
  /** What --fix changed, on the lines the findings were reported on. */
  fixed: AppliedFix[];
}

export function report(file: string, text: string, findings: Finding[], fixed: AppliedFix[] = []): FileResult {
  const at = positions(text);
  return {
    file,
    fixed,
    findings: findings.map((f) => {
      const bulk = f.fixes.find((x) => x.preferred);
      return {
        code: f.rule,
        severity: f.severity,
        message: f.message,
        range: { start: at(f.span[0]), end: at(f.span[1]) },
        fix: bulk ? bulk.safety : null,
        fixable: f.fixes.length > 0,
        ...(f.related ? { related: f.related.map((x) => ({ file: x.path || file, line: x.line, message: x.message })) } : {}),
      };
    }),
  };
}

export type Counts = Record<Severity, number> & { files: number; safe: number; unsafe: number; fixed: number };

export function count(results: FileResult[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0, hint: 0, files: results.length, safe: 0, unsafe: 0, fixed: 0 };
  for (const r of results) {
    c.fixed += r.fixed.length;
    for (const d of r.findings) {
      c[d.severity]++;
      if (d.fix) c[d.fix]++;
    }
  }
  return c;
}

/** "2 errors, 1 warning, 3 hints in 1 file": errors and warnings always, infos and hints when there are some. */
export function summary(c: Counts): string {
  const parts = [plural(c.error, "error"), plural(c.warning, "warning")];
  if (c.info) parts.push(plural(c.info, "info"));
  if (c.hint) parts.push(plural(c.hint, "hint"));
  return `${parts.join(", ")} in ${plural(c.files, "file")}`;
}

/** The lines of what --fix changed: `path:line  fixed  [code]  title`. */
export function fixedLines(results: FileResult[]): string[] {
  return results.flatMap((r) => r.fixed.map((f) => `${r.file}:${f.line}  fixed  [${f.rule}]  ${f.title}`));
}

export function formatText(results: FileResult[], color: boolean, o: { fixing?: boolean; unsafe?: boolean } = {}): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: "31", warning: "33", info: "36", hint: "2" };
  const lines = fixedLines(results).map((l) => l.replace("  fixed  ", `  ${paint("32", "fixed")}  `));
  for (const r of results) {
    for (const d of r.findings) {
      const where = `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`${where}  ${paint(sevColor[d.severity], d.severity)}  ${d.message}  ${paint("2", `[${d.code}]`)}`);
    }
  }
  const c = count(results);
  lines.push(`${summary(c)}${c.fixed ? ` (${plural(c.fixed, "fix")} applied)` : ""}`);
  // like ruff: say what --fix would do, and what only --unsafe-fixes would
  const safe = o.fixing ? 0 : c.safe;
  const unsafe = o.unsafe ? 0 : c.unsafe;
  if (safe || unsafe) {
    const parts = [];
    if (safe) parts.push(`${safe} can be fixed with --fix`);
    if (unsafe)
      parts.push(`${unsafe} ${safe ? "more" : "can be fixed"} with --unsafe-fixes (they change what the app does: read them first)`);
    lines.push(`${parts.join("; ")}.`);
  }
  return lines.join("\n") + "\n";
}

export function formatJson(results: FileResult[], withFixed = false): string {
  const out = results.map((r) => ({
    file: r.file,
    diagnostics: r.findings.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      range: d.range,
      fixable: d.fixable,
      fix: d.fix,
      ...(d.related ? { related: d.related } : {}),
    })),
    ...(withFixed ? { fixed: r.fixed.map((f) => ({ line: f.line, code: f.rule, title: f.title, safety: f.safety })) } : {}),
  }));
  return JSON.stringify(out, null, 2) + "\n";
}

/** GitHub Actions workflow commands: each finding shows inline on the pull request, without SARIF. */
export function formatGithub(results: FileResult[]): string {
  const data = (t: string) => t.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (t: string) => data(t).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const level = { error: "error", warning: "warning", info: "notice", hint: "notice" } as const;
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.findings) {
      const { start, end } = d.range;
      const where = [
        `file=${prop(r.file)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
      ].join(",");
      lines.push(`::${level[d.severity]} ${where},title=${prop(`fly-toml ${d.code}`)}::${data(d.message)}`);
    }
  }
  lines.push(summary(count(results)));
  return lines.join("\n") + "\n";
}

const SARIF_LEVEL = { error: "error", warning: "warning", info: "note", hint: "note" } as const;

/** A path as a SARIF artifact location: relative to %SRCROOT% (the working directory) when inside it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel && !rel.startsWith("..") && !isAbsolute(rel))
    return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  return { uri: pathToFileURL(abs).href };
}

export function formatSarif(results: FileResult[], version: string, cwd = process.cwd()): string {
  const rules = RULE_IDS.map((id) => {
    const r = RULES[id];
    const plain = (t: string) => t.replace(/`/g, "");
    const fixWords = FIX_SAFETY_WORDS[r.fixSafety];
    const about = `${r.what} ${r.why}`;
    return {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: r.title },
      fullDescription: { text: plain(about) },
      help: {
        text: `${plain(about)}${fixWords ? ` ${plain(fixWords)}` : ""} See ${r.docs}`,
        markdown: `${about}${fixWords ? `\n\n${fixWords}` : ""}\n\n[Fly.io docs](${r.docs})`,
      },
      // the rule's own section of docs/rules.md; the Fly docs stay in the help text
      helpUri: ruleDocUrl(id),
      defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
      properties: { tags: [r.group], fix: r.fixSafety },
    };
  });
  const sarifResults = results.flatMap((r) =>
    r.findings.map((d) => ({
      ruleId: d.code,
      ruleIndex: RULE_IDS.indexOf(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(r.file, cwd),
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
      ...(d.related
        ? {
            relatedLocations: d.related.map((x, id) => ({
              id,
              message: { text: x.message },
              physicalLocation: { artifactLocation: artifactLocation(x.file, cwd), region: { startLine: x.line + 1 } },
            })),
          }
        : {}),
    })),
  );
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "fly-toml", version, informationUri: "https://github.com/fly-toml/fly-toml", rules } },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        columnKind: "utf16CodeUnits",
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
