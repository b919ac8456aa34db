/** `fly-toml check`: read the files (or standard input), fix what was asked, report in the chosen format. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { AroundCache } from "../around-disk";
import { appNameOf } from "../../../core/app-name";
import type { AppState } from "../../../core/live";
import { createLanguageService, RULE_IDS } from "../service";
import { decodeUtf8 } from "../../../core/utf8";
import { parseCheckArgs, readIps, readSaved, selected, type CheckOptions } from "./args";
import { resolveFiles } from "./files";
import { count, fixedLines, formatGithub, formatJson, formatSarif, formatText, report, type FileResult } from "./formats";
import { CHECK_HELP } from "./help";
import { errorWords, UsageError } from "./io";
import { WriteError, writeKeepingFile } from "./write";

interface Streams {
  out: (s: string) => void;
  err: (line: string) => void;
  /** Standard input, read whole (for `check -`). */
  stdin: () => Uint8Array;
  color: boolean;
}

let service = createLanguageService();
let aroundFiles: AroundCache | undefined;

/** A file as flyctl reads it: UTF-8 bytes; where one is not, the bytes are kept (a fix must not rewrite them). */
interface Input {
  text: string;
  notUtf8?: { bytes: Uint8Array; at: number };
}

function readInput(file: string, s: Streams): Input {
  let bytes: Uint8Array;
  try {
    bytes = file === "-" ? s.stdin() : readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file === "-" ? "standard input" : file}: ${errorWords(e)}`);
  }
  const { text, invalidAt } = decodeUtf8(bytes);
  return invalidAt === undefined ? { text } : { text, notUtf8: { bytes, at: invalidAt } };
}

/** The live-state bundle (zod, the flyctl adapter): loaded only for --machines, --volumes and --live. */
function loadLive(): typeof import("./live") {
  return require("./live.js") as typeof import("./live");
}

/** The state every file gets from --ips, --machines and --volumes. */
function savedState(o: CheckOptions): Partial<AppState> {
  const state: Partial<AppState> = {};
  if (o.ipsFile !== undefined) state.ips = readIps(o.ipsFile);
  if (o.machinesFile !== undefined) state.machines = readSaved("machines", o.machinesFile, (j) => loadLive().parseMachineList(j));
  if (o.volumesFile !== undefined) state.volumes = readSaved("volumes", o.volumesFile, (j) => loadLive().parseVolumeList(j));
  return state;
}

/** --live: each app named by a file, asked of flyctl (the parts not given as files); problems are one line each on stderr. */
async function liveStates(o: CheckOptions, names: (string | undefined)[], saved: Partial<AppState>, s: Streams) {
  const byApp = new Map<string, Partial<AppState>>();
  if (!o.live) return byApp;
  const apps = [...new Set(names.filter((a): a is string => !!a))];
  const parts = (["ips", "machines", "volumes", "secrets"] as const).filter((p) => saved[p] === undefined);
  if (names.some((n) => !n)) s.err("fly-toml: --live: a file without an `app` name is checked without its app's state");
  if (!apps.length || !parts.length) return byApp;
  const { states, problems } = await loadLive().fetchLive(apps, [...parts], { flyctlPath: o.flyctlPath });
  for (const p of problems) s.err(`fly-toml: --live: ${p}`);
  return states;
}

/** Checks (and fixes) one file; write failures are reported and leave the file as it was. */
function checkOne(
  file: string,
  input: Input,
  o: CheckOptions,
  live: Partial<AppState>,
  s: Streams,
): { result: FileResult; writeFailed: boolean; fixedText?: string } {
  const stdin = file === "-";
  const name = stdin ? (o.stdinFilename ?? "fly.toml") : file;
  let text = input.text;
  let fixed: FileResult["fixed"] = [];
  if (input.notUtf8) {
    // flyctl reads nothing of it; and a fix would write U+FFFD over the bytes that are not UTF-8
    // (`check --fix -` writes nothing on stdout then, and exits 2: the bytes cannot pass through as text)
    if (o.fix) s.err(`fly-toml: ${name} is not UTF-8; nothing was fixed in it`);
    const finding = service.notUtf8(text, input.notUtf8.bytes, input.notUtf8.at);
    return { result: report(name, text, [finding], fixed), writeFailed: o.fix && stdin };
  }
  // the Dockerfile and package.json beside the file (standard input has nothing around it); files in one directory
  // share what was read there
  const around = stdin ? null : (aroundFiles ??= new AroundCache(s.err)).for(resolve(file));
  let writeFailed = false;
  if (o.fix) {
    // only fixes of the findings reported here, safe ones unless --unsafe-fixes; the file keeps its mode and links
    const r = service.fixAllText(text, live, { unsafe: o.unsafe, around });
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
  const findings = service.analyze(text, live, around).findings.filter((f) => !o.quiet || f.severity === "error");
  return { result: report(name, text, findings, fixed), writeFailed, fixedText: stdin && o.fix ? text : undefined };
}

export async function check(argv: string[], s: Streams, version: string): Promise<number> {
  const o = parseCheckArgs(argv);
  if (o.select.length || o.ignore.length) {
    // the rules this run reports and fixes: the others' checks do not run
    const chosen = new Set(RULE_IDS.filter((rule) => selected(o, rule)));
    service = createLanguageService({ shown: (rule) => chosen.has(rule) });
  }
  if (o.help) {
    s.out(CHECK_HELP);
    return 0;
  }
  const saved = savedState(o);
  const files = o.files.includes("-") ? ["-"] : resolveFiles(o.files);
  const texts = files.map((f) => readInput(f, s));
  // each file's app is read once, and only for --live
  const names = o.live ? texts.map((t) => appNameOf(t.text)) : [];
  const live = await liveStates(o, names, saved, s);
  const results: FileResult[] = [];
  let writeFailed = false;
  let fixedStdin: string | undefined;
  for (const [i, file] of files.entries()) {
    const app = names[i];
    // what was given as files wins over what flyctl says
    const r = checkOne(file, texts[i], o, { ...(app ? live.get(app) : {}), ...saved }, s);
    results.push(r.result);
    writeFailed ||= r.writeFailed;
    fixedStdin ??= r.fixedText;
  }
  // `check --fix -` is a filter: the fixed text on stdout, everything else on stderr
  const filter = o.fix && files[0] === "-";
  const emit = filter ? (t: string) => s.err(t.replace(/\n$/, "")) : s.out;
  if (fixedStdin !== undefined) s.out(fixedStdin);
  if (o.format === "json") emit(formatJson(results, o.fix));
  else if (o.format === "sarif") {
    // the change list must not break the SARIF on stdout
    for (const line of fixedLines(results)) s.err(line);
    emit(formatSarif(results, version));
  } else if (o.format === "github") emit(formatGithub(results));
  else emit(formatText(results, s.color && !filter, { fixing: o.fix, unsafe: o.unsafe }));
  const c = count(results);
  if (writeFailed) return 2;
  return c.error > 0 || (o.maxWarnings !== undefined && c.warning > o.maxWarnings) ? 1 : 0;
}
