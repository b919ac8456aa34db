/** `fly-toml`: the command-line entry point. */
import { readFileSync } from "node:fs";
import { fixAllText } from "../service/actions";
import { analyze } from "../service/analyze";
import type { Ip } from "../service/ips";
import { resolveFiles, UsageError } from "./files";
import { count, fixedLines, formatJson, formatSarif, formatText, report, type FileResult } from "./formats";
import { WriteError, writeKeepingFile } from "./write";

declare const __VERSION__: string;

/** The IP-list parser (and zod with it) is a bundle of its own, loaded only for --ips: it halves start-up. */
function loadIpList(): typeof import("../service/ip-list") {
  return require("./ip-list.js") as typeof import("../service/ip-list");
}
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0";

const HELP = `Usage: fly-toml check [options] [FILES or DIRECTORIES...]
       fly-toml lsp --stdio | --node-ipc

Checks Fly.io fly.toml files (default: ./fly.toml). Directories are searched for fly.toml and fly.*.toml.

Options:
  --format text|json|sarif   output format (default: text)
  --ips FILE                 the output of \`fly ips list --json\` for the app: turns on the rules that
                             depend on its IP addresses (private / public / Flycast)
  --fix                      apply the safe fixes of the problems found, print each change, then report
                             what is left
  --unsafe-fixes             with --fix (or alone), also apply the fixes that change what the app does
                             (a concurrency type, a removed key, a guessed value): read them first
  --max-warnings N           exit 1 when there are more than N warnings
  -h, --help                 show this help
  -v, --version              show the version

\`fly-toml lsp\` starts the language server (diagnostics, hover, completion, quick fixes, formatting) for any
LSP editor.

Exit status of check: 0 no errors, 1 errors (or too many warnings), 2 usage or I/O error.
`;

interface Options {
  format: "text" | "json" | "sarif";
  ips: Ip[] | null;
  fix: boolean;
  unsafe: boolean;
  maxWarnings: number | undefined;
  files: string[];
}

async function parseArgs(argv: string[]): Promise<Options> {
  const o: Options = { format: "text", ips: null, fix: false, unsafe: false, maxWarnings: undefined, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--format": {
        const v = value();
        if (v !== "text" && v !== "json" && v !== "sarif") throw new UsageError(`--format must be text, json or sarif, not '${v}'`);
        o.format = v;
        break;
      }
      case "--ips": {
        const file = value();
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch (e) {
          throw new UsageError(`cannot read --ips file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        try {
          o.ips = loadIpList().parseIpList(text);
        } catch (e) {
          throw new UsageError(`--ips ${file}: ${(e as Error).message}`);
        }
        break;
      }
      case "--fix":
        o.fix = true;
        break;
      case "--unsafe-fixes":
        o.fix = true;
        o.unsafe = true;
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
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a} (see fly-toml --help)`);
        o.files.push(a);
    }
  }
  return o;
}

export async function check(argv: string[], out: (s: string) => void, err: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const o = await parseArgs(argv);
  const files = resolveFiles(o.files);
  const results: FileResult[] = [];
  let writeFailed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let fixed: FileResult["fixed"] = [];
    if (o.fix) {
      // only fixes of the findings reported here, safe ones unless --unsafe-fixes; the file keeps its mode and links
      const r = fixAllText(text, o.ips, { unsafe: o.unsafe });
      if (r.text !== text) {
        try {
          writeKeepingFile(file, r.text);
          text = r.text;
          fixed = r.applied;
        } catch (e) {
          if (!(e instanceof WriteError)) throw e;
          err(`fly-toml: ${e.message}`);
          writeFailed = true;
        }
      }
    }
    results.push(report(file, text, analyze(text, o.ips).findings, fixed));
  }
  if (o.format === "json") out(formatJson(results, o.fix));
  else if (o.format === "sarif") {
    // the change list must not break the SARIF on stdout
    for (const line of fixedLines(results)) err(line);
    out(formatSarif(results, VERSION));
  } else out(formatText(results, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, { fixing: o.fix, unsafe: o.unsafe }));
  const c = count(results);
  if (writeFailed) return 2;
  return c.error > 0 || (o.maxWarnings !== undefined && c.warning > o.maxWarnings) ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === "-h" || cmd === "--help" || cmd === "help") {
      process.stdout.write(HELP);
      return 0;
    }
    if (cmd === "-v" || cmd === "--version") {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (cmd === "check") return await check(rest, (s) => process.stdout.write(s));
    if (cmd === "lsp") {
      if (!rest.some((a) => /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/.test(a))) throw new UsageError("lsp needs a transport: --stdio or --node-ipc");
      // the server is a bundle of its own: `check` never loads it
      (require("./server.js") as typeof import("../server")).startServer();
      return new Promise<number>(() => undefined);
    }
    throw new UsageError(cmd ? `unknown command '${cmd}' (try fly-toml check)` : "missing command (try fly-toml check)");
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`fly-toml: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`fly-toml: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
