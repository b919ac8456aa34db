/** The options of `fly-toml check`, from argv. */
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
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

const CHECK_OPTIONS = {
  help: { type: "boolean", short: "h" },
  format: { type: "string" },
  select: { type: "string", multiple: true },
  ignore: { type: "string", multiple: true },
  ips: { type: "string" },
  machines: { type: "string" },
  volumes: { type: "string" },
  live: { type: "boolean" },
  flyctl: { type: "string" },
  fix: { type: "boolean" },
  "unsafe-fixes": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "stdin-filename": { type: "string" },
  "max-warnings": { type: "string" },
} as const;

/** node:util's parseArgs reads a command's argv; its errors are said the way the rest of the CLI says them. */
export function readArgv<O extends ParseArgsConfig["options"]>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? "";
    const help = `(see fly-toml ${command} --help)`;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${option} ${help}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new UsageError(
        /does not take an argument/.test(message) ? `${option} takes no value ${help}` : `${option} needs a value ${help}`,
      );
    throw e;
  }
}

export function parseCheckArgs(argv: string[]): CheckOptions {
  const { values: v, positionals } = readArgv(argv, CHECK_OPTIONS, "check");
  const o: CheckOptions = {
    format: "text",
    ipsFile: v.ips,
    machinesFile: v.machines,
    volumesFile: v.volumes,
    live: v.live ?? false,
    flyctlPath: v.flyctl,
    fix: (v.fix ?? false) || (v["unsafe-fixes"] ?? false),
    unsafe: v["unsafe-fixes"] ?? false,
    quiet: v.quiet ?? false,
    maxWarnings: undefined,
    stdinFilename: v["stdin-filename"],
    help: v.help ?? false,
    files: positionals,
    select: (v.select ?? []).flatMap((x) => rulesOrGroups("--select", x)),
    ignore: (v.ignore ?? []).flatMap((x) => rulesOrGroups("--ignore", x)),
  };
  if (v.format !== undefined) {
    if (!FORMATS.includes(v.format as Format)) throw new UsageError(`--format must be text, json, sarif or github, not '${v.format}'`);
    o.format = v.format as Format;
  }
  if (v["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(v["max-warnings"])) throw new UsageError(`--max-warnings needs a whole number, not '${v["max-warnings"]}'`);
    o.maxWarnings = Number(v["max-warnings"]);
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
