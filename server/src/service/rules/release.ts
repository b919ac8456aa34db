/**
 * The release command and volumes: `release_command` runs in a temporary Machine with the new image, env and
 * secrets but no volumes (https://fly.io/docs/reference/configuration/#run-one-off-commands-before-releasing-a-deployment),
 * so a migration of a file on a `[[mounts]]`
 * volume runs against an empty disk.
 */
import { getTable, getValue, stringsOf, type ValueNode } from "../../../../core/tree";
import { cfg } from "../../../../schemas/meta";
import { mountTables } from "../flyctl-view";
import type { RuleContext } from "./context";
import { defineRule } from "./rule";

export const RELEASE_RULES = [
  defineRule({
    id: "release-command-volume",
    reads: ["files"],
    severity: "warning",
    docs: cfg("run-one-off-commands-before-releasing-a-deployment"),
    title: "The release command uses a path on a volume it does not have",
    group: "other",
    fixSafety: "none",
    what:
      "`release_command`, or a database setting in `[env]` (or the Dockerfile's `ENV`) such as `DATABASE_URL = " +
      '"sqlite:///data/app.db"`, points under a `[[mounts]]` destination.',
    why:
      "The release command runs in a temporary Machine that has the app's environment and secrets but no volumes: it " +
      "works on an empty disk, so a SQLite migration migrates a fresh file that is thrown away. Run it when the app " +
      "starts instead (in its start command), where the volume is mounted.",
    check: releaseOnVolume,
  }),
];

/** A setting that names a database: by its key or by its value. */
const DATABASE_KEY = /(DATABASE|(^|_)DB(_|$)|SQLITE)/i;
const DATABASE_VALUE = /sqlite|\.(db|sqlite3?)\b/i;

/** The first absolute path in a text that lies under one of the directories. */
function pathUnder(text: string, dirs: string[]): { path: string; dir: string } | undefined {
  for (const m of text.matchAll(/(?:^|[\s=:'"(])(?:sqlite:\/\/|file:)?(\/[\w.@%+~/-]*)/g)) {
    const path = m[1].replace(/^\/\/+/, "/");
    const dir = dirs.find((d) => path === d || path.startsWith(`${d}/`));
    if (dir) return { path, dir };
  }
  return undefined;
}

function releaseOnVolume(ctx: RuleContext): void {
  const release = getValue(getTable(ctx.root, "deploy"), "release_command");
  if (release?.type !== "string") return;
  const dirs: string[] = [];
  for (const m of mountTables(ctx.root)) {
    const d = getValue(m, "destination");
    if (d?.type === "string" && String(d.value).startsWith("/")) dirs.push(String(d.value).replace(/\/+$/, "") || "/");
  }
  if (!dirs.length || dirs.includes("/")) return;
  const say = (what: string, hit: { path: string; dir: string }) =>
    ctx.report(
      "release-command-volume",
      release.span,
      `The release command runs in a temporary Machine without volumes, but ${what} ${hit.path}, on the volume mounted at ${hit.dir}: ` +
        `it works on an empty disk there. Run it when the app starts instead, where the volume is mounted.`,
    );
  const inCommand = pathUnder(String(release.value), dirs);
  if (inCommand) return say("it uses", inCommand);
  const envs: { key: string; value: string }[] = [];
  for (const e of getTable(ctx.root, "env")?.entries.values() ?? [])
    for (const v of e.value.kind === "value" ? [e.value] : stringsOf(e.value))
      envs.push({ key: e.key, value: String((v as ValueNode).value) });
  const image = ctx.appStart()?.image;
  for (const [key, e] of image?.env ?? []) if (!envs.some((x) => x.key === key)) envs.push({ key, value: e.value });
  for (const { key, value } of envs) {
    if (!DATABASE_KEY.test(key) && !DATABASE_VALUE.test(value)) continue;
    const hit = pathUnder(value, dirs);
    if (hit) return say(`\`${key}\` points at`, hit);
  }
}
