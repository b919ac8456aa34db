/** The app a fly.toml is for: its `app` key, which flyctl and the Fly Apps view read it by. */
import { COMMANDS } from "../../../../core/protocol";
import { getEntry } from "../../../../core/tree";
import { cfg } from "../../../../schemas/meta";
import type { RuleContext } from "./context";
import { defineRule } from "./rule";

export const APP_NAME_RULES = [
  defineRule({
    id: "app-name-missing",
    clientFix: { title: "Pick the app of this fly.toml…", command: COMMANDS.pickApp, named: "Pick the app", preferred: true },
    severity: "info",
    docs: cfg("the-app-name"),
    title: "fly.toml names no app",
    group: "other",
    fixSafety: "none",
    clientOnly: true,
    what: "The file has no `app` key. Reported in VS Code only, where its quick fix picks the app from `flyctl apps list`.",
    why: "Every flyctl command needs `-a APP` for it, and the app's addresses, Machines and volumes cannot be checked " + "against it.",
    check: appNameMissing,
  }),
];

function appNameMissing(ctx: RuleContext): void {
  if (getEntry(ctx.root, "app")) return;
  // on the first line that holds something (not a comment), else at the start
  const m = /^[ \t]*([^\s#][^\r\n]*)/m.exec(ctx.text);
  const start = m ? m.index + m[0].length - m[1].length : 0;
  const end = m ? start + m[1].trimEnd().length : 0;
  ctx.report(
    "app-name-missing",
    [start, end],
    'This fly.toml names no app: add `app = "<name>"` (flyctl commands need `-a <name>` without it, and the app\'s addresses and ' +
      "Machines cannot be checked against the file).",
  );
}
