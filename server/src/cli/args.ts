/** The options of `fly-toml check`, from argv. */
import { readFileSync } from "node:fs";
import type { Ip } from "../../../core/ips";
import { errorWords, UsageError } from "./io";
import { RULES, RULE_GROUP_IDS, RULE_IDS, type RuleId } from "../service";
import { nearest } from "../service/text";

export type Format = "text" | "json" | "sarif" | "github";
const FORMATS: Format[] = ["text", "json", "sarif", "github"];

export interface CheckOptions {
  /** --select / --ignore: rule ids and group names (a rule is reported when selected, or none is, and not ignored). */
  select: string[];
  ignore: string[];
  format: Format;
  /** --ips FILE, read by readIps once the arguments are known to be fine. */
  ipsFile: string | undefined;
  /** --machines FILE, --volumes FILE: saved `fly machines list --json` / `fly volumes list --json`. */
  machinesFile: string | undefined;
  volumesFile: string | undefined;
  /** --live: ask flyctl (--flyctl PATH, else found as the extension finds it) for each file's app. */
  live: boolean;
  flyctlPath: string | undefined;
  fix: boolean;
  unsafe: boolean;
  quiet: boolean;
  maxWarnings: number | undefined;
  stdinFilename: string | undefined;
  help: boolean;
  /** Files and directories as given; "-" is standard input. */
  files: string[];
}

/** The IP-list parser (and zod with it) is a bundle of its own, loaded only for --ips: it halves start-up. */
function loadIpList(): typeof import("../../../core/ip-list") {
  return require("./ip-list.js") as typeof import("../../../core/ip-list");
}

/** Reads a saved `--json` output given as --ips / --machines / --volumes FILE; any problem is a one-line usage error. */
export function readSaved<T>(flag: "ips" | "machines" | "volumes", file: string, parse: (json: string) => T): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read --${flag} file ${file}: ${errorWords(e)}`);
  }
  try {
    return parse(text);
  } catch (e) {
    throw new UsageError(`--${flag} ${file}: ${(e as Error).message}`);
  }
}

export function readIps(file: string): Ip[] {
  return readSaved("ips", file, (json) => loadIpList().parseIpList(json));
}

export function parseCheckArgs(argv: string[]): CheckOptions {
  const o: CheckOptions = {
    format: "text",
    ipsFile: undefined,
    machinesFile: undefined,
    volumesFile: undefined,
    live: false,
    flyctlPath: undefined,
    fix: false,
    unsafe: false,
    quiet: false,
    maxWarnings: undefined,
    stdinFilename: undefined,
    help: false,
    files: [],
    select: [],
    ignore: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value (see fly-toml check --help)`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        o.help = true;
        break;
      case "--format": {
        const v = value();
        if (!FORMATS.includes(v as Format)) throw new UsageError(`--format must be text, json, sarif or github, not '${v}'`);
        o.format = v as Format;
        break;
      }
      case "--select":
      case "--ignore":
        (flag === "--select" ? o.select : o.ignore).push(...rulesOrGroups(flag, value()));
        break;
      case "--ips":
        o.ipsFile = value();
        break;
      case "--machines":
        o.machinesFile = value();
        break;
      case "--volumes":
        o.volumesFile = value();
        break;
      case "--live":
        o.live = true;
        break;
      case "--flyctl":
        o.flyctlPath = value();
        break;
      case "--fix":
        o.fix = true;
        break;
      case "--unsafe-fixes":
        o.fix = true;
        o.unsafe = true;
        break;
      case "-q":
      case "--quiet":
        o.quiet = true;
        break;
      case "--stdin-filename":
        o.stdinFilename = value();
        break;
      case "--max-warnings": {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not '${v}'`);
        o.maxWarnings = Number(v);
        break;
      }
      case "--":
        o.files.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a} (see fly-toml check --help)`);
        o.files.push(a);
    }
  }
  if (o.flyctlPath !== undefined && !o.live) throw new UsageError("--flyctl names the flyctl that --live runs: add --live");
  if (o.files.includes("-") && o.files.length > 1) throw new UsageError("- (standard input) cannot be checked together with files");
  if (o.stdinFilename !== undefined && !o.files.includes("-"))
    throw new UsageError("--stdin-filename names standard input: give - as the file");
  return o;
}

/** A comma-separated list of rule ids and group names, each checked (a typo gets the nearest name). */
function rulesOrGroups(flag: string, v: string): string[] {
  const names = v
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  if (!names.length) throw new UsageError(`${flag} needs rule ids or groups, e.g. ${flag} flycast,kill-signal-invalid`);
  for (const n of names)
    if (!(n in RULES) && !(RULE_GROUP_IDS as string[]).includes(n)) {
      const near = nearest(n, [...RULE_IDS, ...RULE_GROUP_IDS], 3)[0];
      throw new UsageError(
        `${flag}: '${n}' is neither a rule nor a group${near ? ` (did you mean ${near}?)` : ""}; groups: ${RULE_GROUP_IDS.join(", ")}; ` +
          "rules: fly-toml rule --all",
      );
    }
  return names;
}

/** Whether a rule is reported under --select / --ignore (by its id or its group). */
export function selected(o: Pick<CheckOptions, "select" | "ignore">, rule: RuleId): boolean {
  const names = [rule, RULES[rule].group];
  return (!o.select.length || names.some((n) => o.select.includes(n))) && !names.some((n) => o.ignore.includes(n));
}
