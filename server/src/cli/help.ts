/** The help texts of `fly-toml`, `fly-toml check` and `fly-toml lsp`. */

export const PROGRAM_HELP = `fly-toml: checks Fly.io fly.toml files for the mistakes that break apps (private Flycast apps above all).

Usage:
  fly-toml check [options] [FILES or DIRECTORIES... | -]
  fly-toml rule ID | --all [--format text|json]
  fly-toml lsp --stdio | --node-ipc
  fly-toml help [check | rule | lsp]

Commands:
  check      report the problems of fly.toml files, and fix them with --fix
  rule       print a rule's documentation (what it catches and why, an example, its fix)
  lsp        run the language server (diagnostics, hover, completion, quick fixes, formatting) for an editor

Options:
  -h, --help       show this help (fly-toml check --help shows the options of check)
  -v, --version    show the version

Examples:
  fly-toml check                      # ./fly.toml
  fly-toml check .                    # every fly.toml and fly.*.toml below this directory
  fly-toml check --fix fly.toml       # apply the safe fixes, then report what is left

Rules: https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md
`;

export const CHECK_HELP = `Usage: fly-toml check [options] [FILES or DIRECTORIES... | -]

Reports the problems of fly.toml files (default: ./fly.toml). A directory is searched for fly.toml and
fly.*.toml (node_modules, .git and build directories are skipped). "-" reads standard input.

Options:
  --format text|json|sarif|github
                          output format (default: text). github writes workflow commands, so the findings
                          show inline on a pull request
  --ips FILE              the output of \`fly ips list --json -a APP\`: turns on the rules that depend on the
                          app's addresses (private, public, Flycast); without it they stay silent
  --machines FILE         the output of \`fly machines list --json -a APP\`, and
  --volumes FILE          of \`fly volumes list --json -a APP\`: turn on the live rules (min_machines_running
                          that cannot be met, process groups without Machines, Machines that carry another
                          config than the file, volumes a deploy needs); without them they stay silent
  --live                  ask flyctl for each file's app (its \`app\` key): addresses, Machines, volumes and secrets (names);
                          a part flyctl cannot give is one line on stderr, and the file rules still run
  --flyctl PATH           the flyctl --live runs (default: $FLYCTL_INSTALL/bin, flyctl or fly on PATH,
                          ~/.fly/bin)
  --fix                   apply the safe fixes of the problems found, print each change, then report what
                          is left; with "-", the fixed text goes to standard output and the report to stderr
  --unsafe-fixes          apply the unsafe fixes too (they change what the app does: a concurrency type, a
                          removed key, a guessed value); implies --fix
  --select RULES          report (and fix) only these rules: ids or groups, comma-separated, e.g.
                          --select flycast,kill-signal-invalid (groups: syntax, flycast, autostop, concurrency,
                          services, checks, processes, other; rules: fly-toml rule --all)
  --ignore RULES          report (and fix) none of these rules or groups; one finding is accepted on purpose with a
                          comment: # fly-toml: ignore[rule-id] at the end of its line or alone on the line above,
                          # fly-toml: ignore-file[rule-id] for the whole file
  --max-warnings N        exit 1 when there are more than N warnings
  -q, --quiet             report errors only
  --stdin-filename NAME   the name to report standard input under (default: fly.toml)
  -h, --help              show this help

Exit status:
  0  no errors (and no more warnings than --max-warnings)
  1  errors, or more warnings than --max-warnings
  2  a usage or I/O error (a one-line message on stderr)

Colour: on a terminal, unless NO_COLOR is set; FORCE_COLOR=1 forces it.

Examples:
  fly-toml check --ips ips.json fly.toml
  fly ips list --json -a my-app > ips.json && fly-toml check --ips ips.json
  fly-toml check --live .              # every app of the monorepo, as it runs now
  cat fly.toml | fly-toml check - --stdin-filename apps/api/fly.toml
  fly-toml check --format sarif . > fly-toml.sarif
`;

export const LSP_HELP = `Usage: fly-toml lsp --stdio | --node-ipc

Runs the fly.toml language server over standard input and output (--stdio) or Node's IPC channel
(--node-ipc). It serves files named fly.toml and fly.*.toml: diagnostics, hover, completion, quick fixes,
"fix all" (safe fixes), formatting, document symbols and folding.

Example (Neovim 0.8+):
  vim.lsp.start({ name = "fly-toml", cmd = { "fly-toml", "lsp", "--stdio" } })
`;
