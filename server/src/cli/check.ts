/** `fly-toml check`: read the files (or standard input), fix what was asked, report in the chosen format. */
import { readFileSync } from "node:fs";
import type { Ip } from "../../../core/ips";
import { createLanguageService } from "../service";
import { parseCheckArgs, readIps, type CheckOptions } from "./args";
import { resolveFiles } from "./files";
import { count, fixedLines, formatGithub, formatJson, formatSarif, formatText, report, type FileResult } from "./formats";
import { CHECK_HELP } from "./help";
import { errorWords, UsageError } from "./io";
import { WriteError, writeKeepingFile } from "./write";

export interface Streams {
  out: (s: string) => void;
  err: (line: string) => void;
  /** Standard input, read whole (for `check -`). */
  stdin: () => string;
  color: boolean;
}

const service = createLanguageService();

function readInput(file: string, s: Streams): string {
  try {
    return file === "-" ? s.stdin() : readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file === "-" ? "standard input" : file}: ${errorWords(e)}`);
  }
}

/** Checks (and fixes) one file; write failures are reported and leave the file as it was. */
function checkOne(
  file: string,
  o: CheckOptions,
  ips: Ip[] | null,
  s: Streams,
): { result: FileResult; writeFailed: boolean; fixedText?: string } {
  const stdin = file === "-";
  const name = stdin ? (o.stdinFilename ?? "fly.toml") : file;
  let text = readInput(file, s);
  let fixed: FileResult["fixed"] = [];
  let writeFailed = false;
  if (o.fix) {
    // only fixes of the findings reported here, safe ones unless --unsafe-fixes; the file keeps its mode and links
    const r = service.fixAllText(text, ips, { unsafe: o.unsafe });
    if (r.text !== text) {
      try {
        if (!stdin) writeKeepingFile(file, r.text);
        text = r.text;
        fixed = r.applied;
      } catch (e) {
        if (!(e instanceof WriteError)) throw e;
        s.err(`fly-toml: ${e.message}`);
        writeFailed = true;
      }
    }
  }
  const findings = service.analyze(text, ips).findings.filter((f) => !o.quiet || f.severity === "error");
  return { result: report(name, text, findings, fixed), writeFailed, fixedText: stdin && o.fix ? text : undefined };
}

export function check(argv: string[], s: Streams, version: string): number {
  const o = parseCheckArgs(argv);
  if (o.help) {
    s.out(CHECK_HELP);
    return 0;
  }
  const ips = o.ipsFile !== undefined ? readIps(o.ipsFile) : null;
  const files = o.files.includes("-") ? ["-"] : resolveFiles(o.files);
  const results: FileResult[] = [];
  let writeFailed = false;
  let fixedStdin: string | undefined;
  for (const file of files) {
    const r = checkOne(file, o, ips, s);
    results.push(r.result);
    writeFailed ||= r.writeFailed;
    fixedStdin ??= r.fixedText;
  }
  // `check --fix -` is a filter: the fixed text on stdout, everything else on stderr
  const emit = fixedStdin !== undefined ? (t: string) => s.err(t.replace(/\n$/, "")) : s.out;
  if (fixedStdin !== undefined) s.out(fixedStdin);
  if (o.format === "json") emit(formatJson(results, o.fix));
  else if (o.format === "sarif") {
    // the change list must not break the SARIF on stdout
    for (const line of fixedLines(results)) s.err(line);
    emit(formatSarif(results, version));
  } else if (o.format === "github") emit(formatGithub(results));
  else emit(formatText(results, s.color && fixedStdin === undefined, { fixing: o.fix, unsafe: o.unsafe }));
  const c = count(results);
  if (writeFailed) return 2;
  return c.error > 0 || (o.maxWarnings !== undefined && c.warning > o.maxWarnings) ? 1 : 0;
}
