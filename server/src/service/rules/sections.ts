/** Mounts, deploy, restart, env, vm and build. */
import { replace } from "../../../../core/edits";
import { getEntry, getTable, getValue, tablesOf, type Entry } from "../../../../core/tree";
import { perTree, groupsOf, hasHealthChecks, mountTables, parseMemoryMb, parseSizeGb, vmTables } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { cfg } from "../../../../schemas/meta";
import { defineRule, ENUM_FIX_CASES } from "./rule";
import { walkSchema } from "./shape";
import { tokenShape, urlPassword, weighSecret } from "./secret-value";
import { secretName } from "../secrets";
import { goString } from "../../../../core/go-value";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const SECTION_RULES = [
  defineRule({
    id: "mount-invalid",
    severity: "error",
    docs: cfg("the-mounts-section"),
    title: "A [[mounts]] flyctl rejects",
    group: "other",
    fixSafety: "none",
    what:
      "A `[[mounts]]` flyctl rejects: no source or destination, an initial size under 1 GB, a snapshot retention " +
      "outside 1–60 days, auto-extend settings out of range, or two mounts for one process group.",
    why: "`fly deploy` (or `fly config validate`) fails with flyctl's message, which this repeats.",
    check: mountSettings,
  }),
  defineRule({
    id: "deploy-strategy-invalid",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: cfg("picking-a-deployment-strategy"),
    title: "An unsupported or impossible deploy strategy",
    group: "other",
    fixSafety: "unsafe",
    what: "A deploy strategy Fly cannot use: an unknown one, canary or bluegreen with volumes, bluegreen without health checks.",
    why:
      "flyctl rejects canary with volumes. It lets bluegreen with volumes through, but the docs and the platform do " +
      "not (each volume is attached to one Machine, so no second set can boot beside the first); and a blue-green " +
      "deploy without a health check fails.",
    check: [walkSchema, deployStrategy],
  }),
  defineRule({
    id: "restart-policy-invalid",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: cfg("the-restart-section"),
    title: "A restart policy fly.toml does not accept",
    group: "other",
    fixSafety: "unsafe",
    what: "A restart `policy` that is not always, never or on-failure, or a `[[restart]]` without one.",
    why: 'flyctl rejects it ("invalid restart policy"); `no` and `on-fail` are the spellings of `fly machine run`, not of ' + "fly.toml.",
    check: [walkSchema, restartPolicies],
  }),
  defineRule({
    id: "env-reserved-name",
    severity: "error",
    docs: cfg("the-env-variables-section"),
    title: "An [env] name starting with FLY_",
    group: "other",
    fixSafety: "none",
    what: "An `[env]` name starting with `FLY_`.",
    why: "Fly reserves those names and sets them itself, so the value cannot be set here; rename it.",
    check: reservedEnvNames,
  }),
  defineRule({
    id: "env-secret-like",
    cases: { named: { when: "only the name says it is a secret (its value is not a known token or random enough)", severity: "hint" } },
    severity: "warning",
    docs: "https://fly.io/docs/apps/secrets/",
    title: "A secret-looking [env] name",
    group: "other",
    fixSafety: "none",
    what:
      "An `[env]` value that looks like a secret, or a URL with a password in it in `[env]` or `[build.args]`. The " +
      "value is weighed, never shown: a known token shape (`sk_live_…`, `ghp_…`, `AKIA…`, `xoxb-…`) or a long random " +
      "value under a secret-like name (`*_PASSWORD`, `*_TOKEN`…) is a warning; a short or simple value under such a " +
      "name is a hint; paths, placeholders (`<your-key>`, `%db_password%`, `${TOKEN}`), names and dummy values are not " +
      "reported, nor a URL whose password is a placeholder or a template.",
    why:
      "`[env]` and build arguments are stored in plain text in fly.toml, the repository and the app's config; set " +
      "secrets with `fly secrets set`.",
    check: secretsInEnv,
  }),
  defineRule({
    id: "vm-invalid",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: cfg("the-vm-section"),
    title: "An invalid [[vm]] size, kind or memory",
    group: "other",
    fixSafety: "unsafe",
    what:
      "A `[[vm]]` with an unknown size preset, CPU kind, GPU kind or `persist_rootfs`, or a memory that is not a size " +
      "(or comes to 0 MB).",
    why: "`fly deploy` fails.",
    check: [walkSchema, vmMemory],
  }),
  defineRule({
    id: "build-multiple-strategies",
    severity: "warning",
    docs: cfg("the-build-section"),
    title: "More than one build strategy",
    group: "other",
    fixSafety: "none",
    what: "`[build]` names more than one of image, dockerfile, builder and buildpacks.",
    why: "flyctl warns and uses only one of them; keep the one you mean.",
    check: buildStrategies,
  }),
];

function mountSettings(ctx: RuleContext): void {
  const { root } = ctx;
  const seen = new Set<string>();
  for (const m of mountTables(root)) {
    const source = getValue(m, "source");
    const name = source ? String(source.value) : "(no source)";
    const report = (span: [number, number], msg: string) => ctx.report("mount-invalid", span, msg);
    const header = m.header ? m.header.keySpan : m.span;
    if (!getEntry(m, "source")) report(header, 'This mount has no `source` (the volume name); add `source = "<volume name>"`.');
    const dest = getValue(m, "destination");
    if (!getEntry(m, "destination")) report(header, "This mount has no `destination`; add the absolute path to mount the volume at.");
    else if (dest?.type === "string" && dest.value === "/")
      report(dest.span, `mount '${name}' cannot be mounted at "/"; use a directory such as "/data".`);

    const size = (key: string, min: number, max: number | undefined) => {
      const v = getValue(m, key);
      if (!v) return undefined;
      const s = String(v.value);
      const gb = parseSizeGb(s);
      if (gb === undefined) {
        report(v.span, `mount '${name}' with ${key} '${s}' will fail because of: invalid size: '${s}'; write a size such as "10gb".`);
        return undefined;
      }
      if (gb < min)
        report(
          v.span,
          `mount '${name}' has ${key === "initial_size" ? "an initial_size" : `a ${key}`} '${s}' value which is smaller than 1GB; use ` +
            `at least "1gb".`,
        );
      else if (max !== undefined && gb > max) report(v.span, `mount '${name}' ${key} must be between 1GB and ${max}GB.`);
      return gb;
    };
    size("initial_size", 1, undefined);
    const ret = getValue(m, "snapshot_retention");
    if (ret?.type === "integer" && (Number(ret.value) < 1 || Number(ret.value) > 60)) {
      report(ret.span, `mount '${name}' has a snapshot_retention value which is not between 1 and 60 days inclusive.`);
    }
    // flyctl reads these into plain Go fields: 0 and "" mean unset
    const setOrUndefined = (key: string) => {
      const e = getEntry(m, key);
      return e && !(e.value.kind === "value" && (e.value.value === 0 || e.value.value === "")) ? e : undefined;
    };
    const thresholdEntry = setOrUndefined("auto_extend_size_threshold");
    const threshold = thresholdEntry?.value.kind === "value" ? thresholdEntry.value : undefined;
    const inc = setOrUndefined("auto_extend_size_increment");
    const limit = setOrUndefined("auto_extend_size_limit");
    if (threshold || inc || limit) {
      const head: [number, number] = threshold?.span ?? inc?.keySpan ?? limit!.keySpan;
      if (threshold && !inc && !limit)
        report(
          head,
          `mount '${name}' auto_extend_size_threshold, auto_extend_size_increment and auto_extend_size_limit must be all defined or none.`,
        );
      const t = threshold?.type === "integer" ? Number(threshold.value) : undefined;
      if (t === undefined || t < 50 || t > 99) report(head, `mount '${name}' auto_extend_size_threshold must be between 50 and 99.`);
      size("auto_extend_size_increment", 1, 100);
      if (!inc) report(head, `mount '${name}' auto_extend_size_increment must be between 1GB and 100GB.`);
      size("auto_extend_size_limit", 1, 500);
    }
    for (const g of groupsOf(root, m)) {
      if (seen.has(g)) report(header, `group '${g}' has more than one [[mounts]] section defined; a process group can mount one volume.`);
      else seen.add(g);
    }
  }
}

function deployStrategy(ctx: RuleContext): void {
  const { root } = ctx;
  const strategy = getValue(root, "deploy", "strategy");
  if (strategy?.type !== "string") return;
  const s = String(strategy.value);
  if ((s === "canary" || s === "bluegreen") && mountTables(root).length > 0) {
    ctx.report(
      "deploy-strategy-invalid",
      strategy.span,
      s === "canary"
        ? 'The canary strategy is not supported when using mounted volumes (flyctl rejects the file); use "rolling" or "immediate".'
        : // flyctl lets it through; the docs and the platform do not (a volume belongs to one Machine at a time)
          "The Fly docs say bluegreen cannot be used with volumes (each volume is attached to one Machine, so no second set can boot " +
            'beside the first); flyctl does not check it. Use "rolling" or "immediate".',
      {
        fixes: [fix('Change to "rolling"', [replace(strategy.span, '"rolling"')])],
      },
    );
  }
  if (s === "bluegreen" && !hasHealthChecks(root)) {
    ctx.report(
      "deploy-strategy-invalid",
      strategy.span,
      "Blue-green deploys need at least one health check (the deploy fails without one); add a check to a service, or use another " +
        "strategy.",
    );
  }
}

function restartPolicies(ctx: RuleContext): void {
  for (const r of tablesOf(getEntry(ctx.root, "restart")?.value)) {
    if (!getEntry(r, "policy") && r.header) {
      ctx.report(
        "restart-policy-invalid",
        r.header.keySpan,
        'This [[restart]] has no `policy`, which flyctl rejects ("invalid restart policy"); add `policy = "always"`, `"never"` or ' +
          '`"on-failure"`.',
      );
    }
  }
}

/** [env] and [[env]]'s pairs. */
const envEntries = perTree((root) => {
  const env = getTable(root, "env");
  const entries: Entry[] = [...(env?.entries.values() ?? [])];
  for (const t of tablesOf(getEntry(root, "env")?.value)) if (t !== env) entries.push(...t.entries.values());
  return entries;
});

function reservedEnvNames(ctx: RuleContext): void {
  for (const e of envEntries(ctx.root))
    if (/^FLY_/i.test(e.key))
      ctx.report(
        "env-reserved-name",
        e.keySpan,
        `\`${e.key}\`: names starting with FLY_ are reserved for the platform and cannot be set in [env]; rename it.`,
      );
}

function secretsInEnv(ctx: RuleContext): void {
  // a FLY_ name is env-reserved-name's: it cannot be set at all
  for (const e of envEntries(ctx.root)) if (!/^FLY_/i.test(e.key)) secretLike(ctx, e);
  // build arguments are baked into the image: a password in a URL there is as exposed
  for (const e of getTable(ctx.root, "build", "args")?.entries.values() ?? [])
    if (e.value.kind === "value") passwordInUrl(ctx, e, "[build.args]");
}

/** A URL in [env] or [build.args] with a real-looking password in its user info: named by its key, never shown. */
function passwordInUrl(ctx: RuleContext, e: Entry, where: string): boolean {
  if (e.value.kind !== "value" || e.value.type !== "string" || !String(e.value.value).includes("@")) return false;
  if (!urlPassword(String(e.value.value))) return false;
  ctx.report(
    "env-secret-like",
    e.keySpan,
    `\`${e.key}\` is a URL with a password in it; ${where} values are stored in plain text in fly.toml and the app's config: set ` +
      `it with \`fly secrets set ${e.key}=…\` and remove it here.`,
  );
  return true;
}

/** A secret in [env]: a warning when the value is one (a token shape, or long and random), a hint when only the name says so. */
function secretLike(ctx: RuleContext, e: Entry): void {
  if (e.value.kind !== "value" || e.value.type !== "string") return;
  if (passwordInUrl(ctx, e, "[env]")) return;
  const value = String(e.value.value);
  const named = secretName(e.key);
  const shape = tokenShape(value.trim());
  // a value under another name matters only when it has a token's shape (the cheap test, for most of [env])
  if (!named && !shape) return;
  const weight = shape ? "token" : weighSecret(value);
  if (weight === "benign") return;
  const remedy =
    "[env] values are stored in plain text in fly.toml and the app's config; set it with " +
    `\`fly secrets set ${e.key}=…\` and remove it here.`;
  const message = shape
    ? `The value of \`${e.key}\` has the shape of ${shape}; ${remedy}`
    : weight === "strong"
      ? `\`${e.key}\` looks like a secret and its value like a real key; ${remedy}`
      : `\`${e.key}\` is named like a secret; if its value is a real one, move it: ${remedy}`;
  ctx.report("env-secret-like", e.keySpan, message, weight === "weak" ? { case: "named" } : {});
}

function vmMemory(ctx: RuleContext): void {
  const { root } = ctx;
  const sections = vmTables(root);
  const rel = getTable(root, "deploy", "release_command_vm");
  if (rel) sections.push(rel);
  for (const t of sections) {
    const mem = getValue(t, "memory");
    // patchCompute turns the value into a string (castToString), computeToGuest parses it with helpers.ParseSize
    const text = mem && mem.type !== "datetime" ? goString(mem) : undefined;
    if (!mem || text === undefined || text === "") continue;
    const mb = parseMemoryMb(text);
    if (mb === undefined)
      ctx.report("vm-invalid", mem.span, `memory "${text}" is not a size flyctl reads; write it like "512mb" or "2gb" (fly deploy fails).`);
    else if (mb === 0)
      ctx.report(
        "vm-invalid",
        mem.span,
        `memory "${text}" comes to 0 MB (flyctl counts whole MB, rounding down): fly deploy fails ("memory cannot be zero").`,
      );
  }
}

function buildStrategies(ctx: RuleContext): void {
  const b = getTable(ctx.root, "build");
  if (!b) return;
  const found: Entry[] = [];
  const first = (...keys: string[]) => keys.map((k) => getEntry(b, k)).find((e) => e);
  for (const group of [["image"], ["builder", "buildpacks"], ["dockerfile", "build-target", "build_target"], ["builtin"]]) {
    const e = first(...group);
    if (e) found.push(e);
  }
  if (found.length > 1) {
    for (const e of found.slice(1)) {
      ctx.report(
        "build-multiple-strategies",
        e.keySpan,
        `[build] has more than one build configuration (${found.map((x) => `\`${x.key}\``).join(", ")}); flyctl uses only one of them, ` +
          `so keep the one you mean.`,
      );
    }
  }
}
