/** `fly-toml`: the command-line entry point. */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fixAllText } from "../service/actions";
import { validate } from "../service/diagnostics";
import type { Ip } from "../service/ips";
import { resolveFiles, UsageError } from "./files";
import { count, formatJson, formatSarif, formatText, type FileResult } from "./formats";

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
  --fix                      apply the quick fixes in place, then report what is left
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
  maxWarnings: number | undefined;
  files: string[];
}

async function parseArgs(argv: string[]): Promise<Options> {
  const o: Options = { format: "text", ips: null, fix: false, maxWarnings: undefined, files: [] };
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

/** Writes through a temporary file, so an interrupted write never leaves a half-written fly.toml. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.fly-toml-${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export async function check(argv: string[], out: (s: string) => void): Promise<number> {
  const o = await parseArgs(argv);
  const files = resolveFiles(o.files);
  const results: FileResult[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (o.fix) {
      const fixed = fixAllText(text, o.ips);
      if (fixed.text !== text) {
        try {
          writeAtomic(file, fixed.text);
        } catch (e) {
          throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        text = fixed.text;
      }
    }
    results.push({ file, diagnostics: validate(TextDocument.create(`file://${file}`, "toml", 1, text), o.ips) });
  }
  if (o.format === "json") out(formatJson(results));
  else if (o.format === "sarif") out(formatSarif(results, VERSION));
  else out(formatText(results, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
  const c = count(results);
  return c.errors > 0 || (o.maxWarnings !== undefined && c.warnings > o.maxWarnings) ? 1 : 0;
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
