/**
 * [env] against the app's Fly secrets (`flyctl secrets list --json`: names only). A name in both is set twice, and
 * the Machines get the secret: "secrets take precedence over env variables with the same name" (Fly's configuration
 * reference, https://fly.io/docs/reference/configuration/#the-env-variables-section; flyctl sends both and never
 * merges them).
 */
import { getTable } from "../../../../core/tree";
import { cfg } from "../../../../schemas/meta";
import { secretWords } from "../../../../core/live";
import type { RuleContext } from "./context";
import { defineRule } from "./rule";

export const SECRET_RULES = [
  defineRule({
    id: "env-shadowed-by-secret",
    needs: ["secrets"],
    severity: "warning",
    docs: cfg("the-env-variables-section"),
    title: "An [env] name that is also a Fly secret",
    group: "other",
    fixSafety: "none",
    what: "A key of `[env]` that the app also has as a Fly secret (live, from `flyctl secrets list`).",
    why:
      "Secrets take precedence over `[env]` variables of the same name, so the Machines get the secret and the value " +
      "in fly.toml is never seen; remove it here (or `fly secrets unset` the secret if fly.toml's value is the one " +
      "meant).",
    check: shadowedBySecrets,
  }),
];

function shadowedBySecrets(ctx: RuleContext): void {
  if (!ctx.secrets?.length) return;
  const byName = new Map(ctx.secrets.map((s) => [s.name, s]));
  for (const e of getTable(ctx.root, "env")?.entries.values() ?? []) {
    const s = byName.get(e.key);
    if (!s) continue;
    const status = secretWords(s);
    ctx.report(
      "env-shadowed-by-secret",
      e.keySpan,
      `\`${e.key}\` is also a Fly secret of this app${status ? ` (${status})` : ""}: the Machines get the secret, not this value ` +
        `(secrets take precedence over [env]); remove it here, or unset the secret if this value is the one meant.`,
    );
  }
}
