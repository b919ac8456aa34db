/** `fly-toml`: the command-line entry point. */
import { readFileSync } from "node:fs";
import { check } from "./check";
import { CHECK_HELP, LSP_HELP, PROGRAM_HELP } from "./help";
import { rule, RULE_HELP } from "./rule";
import { UsageError } from "./io";

export { warmUp, SAMPLE as WARM_SAMPLE, FIXABLE as WARM_FIXABLE } from "./warmup";

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0";

/** Colour on a terminal, none when piped or with NO_COLOR; FORCE_COLOR=1 (or any value but 0) forces it. */
function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== "0";
  return Boolean(process.stdout.isTTY);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const out = (s: string) => void process.stdout.write(s);
  try {
    if (cmd === "-h" || cmd === "--help" || (cmd === "help" && !rest.length)) return (out(PROGRAM_HELP), 0);
    if (cmd === "help") {
      const topic = { check: CHECK_HELP, lsp: LSP_HELP, rule: RULE_HELP }[rest[0]];
      if (!topic) throw new UsageError(`no help for '${rest[0]}' (commands: check, rule, lsp)`);
      return (out(topic), 0);
    }
    if (cmd === "-v" || cmd === "--version") return (out(`${VERSION}\n`), 0);
    if (cmd === "check") {
      return await check(
        rest,
        { out, err: (l) => void process.stderr.write(`${l}\n`), stdin: () => readFileSync(0), color: wantsColor() },
        VERSION,
      );
    }
    if (cmd === "rule") return rule(rest, out);
    if (cmd === "lsp") {
      if (rest.includes("-h") || rest.includes("--help")) return (out(LSP_HELP), 0);
      if (!rest.some((a) => /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/.test(a)))
        throw new UsageError("lsp needs a transport: --stdio or --node-ipc (see fly-toml lsp --help)");
      // the server is a bundle of its own: `check` never loads it
      (require("./server.js") as typeof import("../server")).startServer();
      return new Promise<number>(() => undefined);
    }
    throw new UsageError(
      cmd
        ? `unknown command '${cmd}' (commands: check, rule, lsp; see fly-toml --help)`
        : "missing command (try fly-toml check, or fly-toml --help)",
    );
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
