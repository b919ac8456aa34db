/**
 * Model-driven checks: the document is walked alongside the zod model of schemas/model.ts.
 * unknown-key, key-case, legacy-key, wrong-type, coerced-type, expected-table, expected-array-of-tables,
 * invalid-enum (and the enum-like rules with their own ids), invalid-duration, bare-duration, autostop-misplaced.
 */
import type { IRNode } from "../../../../schemas/ir";
import { unitName } from "../../../../schemas/meta";
import { KILL_TIMEOUT_MAX_NS, PORT_RANGE } from "../../../../schemas/facts";
import { INVENTED_KEYS, MISPLACED_KEYS } from "../../../../schemas/invented";
import { homesOf } from "./homes";
import { model } from "../../../../schemas/runtime";
import { insertKey, quote, removeEntry, renameKey, replace, type SpanEdit } from "../../../../core/edits";
import { secretPath } from "../secrets";
import { goString } from "../../../../core/go-value";
import { formatDuration, nearest } from "../text";
import {
  foldKey,
  getTable,
  getValue,
  plain,
  type ArrayNode,
  type Entry,
  type Node,
  type TableNode,
  type ValueNode,
} from "../../../../core/tree";
import { hasHealthChecks, mountTables, servicesOf } from "../flyctl-view";
import { fix, type FixDraft, type RuleContext } from "./context";
import type { RuleId } from "./registry";
import { cfg } from "../../../../schemas/meta";
import { defineRule, ENUM_FIX_CASES } from "./rule";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const SHAPE_RULES = [
  defineRule({
    id: "toml-syntax",
    severity: "error",
    docs: "https://toml.io/en/v1.1.0",
    title: "The text is not valid TOML 1.1 as flyctl reads it",
    group: "syntax",
    fixSafety: "none",
    what:
      "The file is not valid TOML 1.1 as flyctl's parser (go-toml v2.4.3) reads it: a syntax error, a byte that is not " +
      "UTF-8, or a leading byte order mark (BOM). Each error is reported where the parser can recover, not only the " +
      "first.",
    why: "flyctl loads fly.toml before almost every command, so until it parses every fly command for the app fails.",
    check: syntaxErrors,
  }),
  defineRule({
    id: "toml-1-1-form",
    severity: "hint",
    docs: "https://toml.io/en/v1.1.0",
    title: "A TOML 1.1 form that TOML 1.0 tools reject",
    group: "syntax",
    fixSafety: "none",
    what:
      "A TOML 1.1 form: an inline table over several lines or with a comma after its last pair, a `\\e` or `\\xHH` " +
      "escape, or a time without seconds.",
    why:
      "flyctl reads them (go-toml v2.4.3 reads TOML 1.1), so this is not an error; but TOML 1.0 tools (taplo, Even " +
      "Better TOML, the formatter here) report them as errors or will not format the file.",
    check: toml11Forms,
  }),
  defineRule({
    id: "unused-suppression",
    severity: "hint",
    docs: "https://github.com/fly-toml/fly-toml/blob/main/docs/checks.md#choosing-rules",
    title: "A suppression comment that suppresses nothing",
    group: "syntax",
    fixSafety: "safe",
    what:
      "A `# fly-toml: ignore[rule-id]` (or `ignore-file[…]`) whose rule has no finding on its line (or in the file), " +
      "or names no rule of fly-toml. Reported for a known rule only when what it needs and reads is known (the app's " +
      "addresses, Machines, volumes or secrets, or the files around fly.toml, as its definition says).",
    why:
      "A suppression that suppresses nothing hides the next real finding of its rule on that line, and misleads a " +
      "reader; without what the rule reads, its finding may only be missing for want of it, so then nothing is said. " +
      "The fix removes the id (the comment, when it is the only one).",
  }),
  defineRule({
    id: "toml-duplicate-key",
    severity: "error",
    docs: "https://toml.io/en/v1.0.0#keys",
    title: "A key or table is defined twice",
    group: "syntax",
    fixSafety: "none",
    what: "A key or a table defined twice.",
    why: "TOML forbids it, so flyctl cannot load the file and every fly command for the app fails.",
    check: syntaxErrors,
  }),
  defineRule({
    id: "unknown-key",
    severity: "warning",
    docs: cfg(""),
    title: "A key or table flyctl does not know (and silently ignores)",
    group: "syntax",
    fixSafety: "unsafe",
    what: "A key or table flyctl does not know: a typo (`interal_port`) or an invented key (`max_machines_running`).",
    why:
      "flyctl ignores unknown keys silently, so the setting simply has no effect. The fix renames it to the nearest " +
      "known key; it is unsafe because the key then takes effect.",
    check: walkSchema,
  }),
  defineRule({
    id: "legacy-key",
    severity: "hint",
    docs: cfg(""),
    title: "A V1-era key flyctl reads past and ignores",
    group: "syntax",
    fixSafety: "safe",
    what:
      "A V1-era key flyctl reads past and ignores (`processes = []`, `[experimental] allowed_public_ports`, " +
      "`script_checks`, `restart_limit`).",
    why: "It looks like a setting and does nothing. Removing it changes nothing, which makes the fix safe.",
    check: walkSchema,
  }),
  defineRule({
    id: "wrong-type",
    severity: "error",
    docs: cfg(""),
    title: "A value of a type flyctl cannot read",
    group: "syntax",
    fixSafety: "safe",
    what: 'A value of a type flyctl cannot read or coerce (`internal_port = "abc"`, `force_https = "yes"`).',
    why: "flyctl rejects the whole file. Where the same value can be written in the right type, the fix does it.",
    check: walkSchema,
  }),
  defineRule({
    id: "key-case",
    severity: "hint",
    docs: cfg(""),
    title: "A key written in another case",
    group: "syntax",
    fixSafety: "safe",
    what: "A key flyctl knows, written in another case (`Internal_Port`).",
    why:
      "It works: flyctl's JSON round trip matches keys case-insensitively, so the value is used (and the rules read " +
      "it). But other tools and readers do not recognise it; the fix writes the key as the docs do.",
    check: walkSchema,
  }),
  defineRule({
    id: "coerced-type",
    cases: {
      differs: {
        when: "flyctl's string differs from the value's text (an array, a table, 1e6, a date in [env])",
        severity: "warning",
      },
    },
    severity: "info",
    docs: cfg(""),
    title: "A value flyctl accepts only through a legacy coercion",
    group: "syntax",
    fixSafety: "safe",
    what:
      'A value flyctl accepts only through a legacy conversion (`internal_port = "8080"` in `[[services]]`, a number ' +
      'in `[env]`, `concurrency = "20,25"`).',
    why:
      "The conversion is an old compatibility path, and what it makes is not always what the text says. The fix writes " +
      "the form flyctl converts it to.",
    check: walkSchema,
  }),
  defineRule({
    id: "expected-table",
    severity: "error",
    docs: cfg("http_service-concurrency"),
    title: "An array of tables where flyctl needs one table",
    group: "syntax",
    fixSafety: "safe",
    what: "An array of tables where flyctl needs a single table, like `[[http_service.concurrency]]`.",
    why: "flyctl rejects the file. The fix uses single brackets.",
    check: walkSchema,
  }),
  defineRule({
    id: "expected-array-of-tables",
    severity: "error",
    docs: cfg(""),
    title: "A single table where flyctl needs an array of tables",
    group: "syntax",
    fixSafety: "safe",
    what:
      "A single table where flyctl needs an array of tables and has no legacy conversion for it (`[restart]`, " +
      "`[http_service.checks]`).",
    why: "flyctl cannot read the file. The fix uses double brackets.",
    check: walkSchema,
  }),
  defineRule({
    id: "invalid-enum",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: cfg(""),
    title: "A value outside its allowed set",
    group: "syntax",
    fixSafety: "unsafe",
    what:
      "A value outside the set flyctl or Fly accepts (a concurrency `type`, a handler, a protocol, a check type, a " +
      "compression level…).",
    why:
      "flyctl rejects it, or Fly Proxy ignores it. The fix offers the nearest allowed values: safe when it is the same " +
      "word spelt the right way, unsafe when it is a guess.",
    check: [walkSchema, compressionLevel],
  }),
  defineRule({
    id: "invalid-duration",
    severity: "error",
    docs: cfg("services-tcp_checks"),
    title: "A duration Go's time.ParseDuration rejects",
    group: "syntax",
    fixSafety: "none",
    what: 'A duration Go\'s `time.ParseDuration` rejects (`"1d"`, `"10 s"`).',
    why: "flyctl cannot read the file. Use a number with a unit: ns, us, ms, s, m, h.",
    check: walkSchema,
  }),
  defineRule({
    id: "bare-duration",
    cases: {
      nanoseconds: {
        when: "flyctl reads the number as nanoseconds ([[http_service.checks]], [deploy]): the fix changes the value it uses",
        severity: "error",
        fixSafety: "unsafe",
      },
    },
    severity: "hint",
    docs: cfg("services-tcp_checks"),
    title: "A duration written as a bare integer",
    group: "syntax",
    fixSafety: "safe",
    what: "A duration written as a bare number.",
    why:
      "Where flyctl reads it as the docs say (seconds for `kill_timeout`, milliseconds in `[[services.*_checks]]`) it " +
      "is a hint to write the unit; where flyctl reads nanoseconds (`[[http_service.checks]]`, `[deploy]`), `timeout = " +
      "5` is 5 ns: an error, and the fix changes the value flyctl uses.",
    check: walkSchema,
  }),
];

/** Enum keys whose invalid values have a rule of their own. */
const ENUM_RULES: [RegExp, RuleId][] = [
  [/(^|\.)auto_stop_machines$/, "autostop-invalid-value"],
  [/^kill_signal$/, "kill-signal-invalid"],
  [/^restart\[\]\.policy$/, "restart-policy-invalid"],
  [/^deploy\.strategy$/, "deploy-strategy-invalid"],
  [/^checks(\.[^.]+|\[\])\.type$/, "toplevel-check-invalid"],
  [/^(vm|compute|computes)(\[\])?\.(size|cpu_kind|gpu_kind|persist_rootfs)$/, "vm-invalid"],
  [/^deploy\.release_command_vm\.(size|cpu_kind|gpu_kind|persist_rootfs)$/, "vm-invalid"],
];

const AUTOSTOP_KEYS = new Set(["auto_stop_machines", "auto_start_machines", "min_machines_running"]);

type Path = string; // e.g. "services[].ports[].port"

function join(path: Path, key: string): Path {
  return path ? `${path}.${key}` : key;
}

/** The section a key sits in, as homesOf names sections: `[http_service]`, `[[services.ports]]`. */
function sectionLabel(path: Path, e: Entry): string {
  const name = path.replace(/\[\]/g, "");
  const parent = e.value.parent;
  return path.endsWith("[]") || (parent?.kind === "table" && parent.form === "array-item") ? `[[${name}]]` : `[${name}]`;
}

function orList(items: string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function typeName(n: Node): string {
  if (n.kind === "table") return n.form === "inline" ? "an inline table" : "a table";
  if (n.kind === "array") return n.ofTables ? "an array of tables" : "an array";
  return n.type === "integer"
    ? "an integer"
    : n.type === "float"
      ? "a float"
      : n.type === "boolean"
        ? "a boolean"
        : n.type === "datetime"
          ? "a date"
          : "a string";
}

/** What a value must be, for messages: "an integer", "a table or an array of tables"… */
function expectedName(s: IRNode): string {
  const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
  const names = model
    .typeNames(s)
    .map((t) => (t === "duration" ? "a duration string" : t === "boolean" ? "a boolean (true or false)" : article(t)));
  return names.join(" or ") || "another type";
}

/** A lossless rewrite of a value into the form the schema wants, if one exists. */
function convert(node: ValueNode, s: IRNode): string | undefined {
  const candidates: [unknown, string][] = [];
  if (node.type === "string") {
    const t = String(node.value).trim();
    if (/^[+-]?\d+$/.test(t)) candidates.push([Number(t), String(Number(t))]);
    if (/^(true|false)$/i.test(t)) candidates.push([t.toLowerCase() === "true", t.toLowerCase()]);
    candidates.push([[node.value], `[${node.raw}]`]);
  } else if (node.type === "integer" || node.type === "float" || node.type === "boolean") {
    // a bare memory number means MB: keep that meaning in the string
    if (node.type === "integer" && s.meta?.sizeUnit === "MB") candidates.push([`${node.value}mb`, JSON.stringify(`${node.value}mb`)]);
    candidates.push([String(node.value), JSON.stringify(String(node.raw))]);
  }
  for (const [v, text] of candidates) if (model.accepts(s, v)) return text;
  return undefined;
}

class ShapeChecker {
  constructor(private readonly ctx: RuleContext) {}

  run(): void {
    this.checkTable(this.ctx.root, model.root, "");
  }

  private checkTable(table: TableNode, s: IRNode, path: Path): void {
    if (s.k === "record") {
      for (const e of table.entries.values()) this.check(e, model.node(s.value!), join(path, e.key));
      return;
    }
    if (s.k !== "table" || !s.keys) return;
    for (const e of table.entries.values()) {
      const key = e.key;
      if (!Object.hasOwn(s.keys, key)) {
        const folded = this.foldedKey(table, s, key);
        if (folded) {
          this.keyCase(table, e, folded);
          this.check(e, model.node(s.keys[folded]), join(path, folded));
        } else if (s.strict) this.unknownKey(e, Object.keys(s.keys), path, s);
        continue;
      }
      this.check(e, model.node(s.keys[key]), join(path, key));
    }
  }

  /** The key flyctl reads `key` as when only its case differs (its JSON round trip ignores case), unless that key is set too. */
  private foldedKey(table: TableNode, s: IRNode, key: string): string | undefined {
    const lower = key.toLowerCase();
    const known = Object.keys(s.keys!).find((k) => k.toLowerCase() === lower);
    if (!known || table.entries.has(known)) return undefined;
    // two spellings of one key: flyctl keeps one of them, which is a guess we do not make
    if ([...table.entries.keys()].filter((k) => k.toLowerCase() === lower).length > 1) return undefined;
    return known;
  }

  private keyCase(table: TableNode, e: Entry, known: string): void {
    foldKey(table, known, e);
    this.ctx.report(
      "key-case",
      e.keySpan,
      `\`${e.key}\` works (flyctl matches keys whatever their case) and is read as \`${known}\`; write it \`${known}\` as the docs do, ` +
        "so other tools and readers recognise it.",
      { fixes: fixesOf(`Rename to ${known}`, renameKey(this.ctx.text, e, known)) },
    );
  }

  /** A V1 leftover, as a key (script_checks) or as a value form (processes = []). */
  private legacy(entry: Entry, why: string): void {
    // a `key = value` line goes whole; a section is left to the user (its lines are not one entry)
    this.ctx.report("legacy-key", entry.keySpan, `${why} Remove it.`, {
      fixes: entry.kv ? [fix(`Remove ${entry.key}`, [removeEntry(this.ctx.text, entry)])] : [],
    });
  }

  private check(entry: Entry, s: IRNode, path: Path): void {
    const meta = s.meta;
    if (meta?.legacy) return this.legacy(entry, meta.legacy);
    // flyctl moves [experimental] kill_timeout to the top only when the top has none: otherwise it is not read at all
    if (path === "experimental.kill_timeout" && this.ctx.root.entries.has("kill_timeout")) {
      this.ctx.report(
        "coerced-type",
        entry.keySpan,
        "`[experimental] kill_timeout` is not read: flyctl uses the top-level `kill_timeout` this file also sets. Remove it.",
        { fixes: [fix("Remove the [experimental] kill_timeout", [removeEntry(this.ctx.text, entry)])] },
      );
      return;
    }
    if (meta?.coerced) {
      // a legacy key flyctl still reads: `build_target` → `build-target`, [experimental] kill_timeout → top level…
      const rename = /^`([\w-]+)`$/.exec(meta.coerced)?.[1];
      const table = entry.value.parent;
      const fixes =
        rename && !(table?.kind === "table" && table.entries.has(rename))
          ? fixesOf(`Rename to ${rename}`, renameKey(this.ctx.text, entry, rename))
          : [];
      this.ctx.report(
        "coerced-type",
        entry.keySpan,
        `\`${entry.key}\` is a legacy form flyctl still converts; write it as ${meta.coerced}.`,
        { fixes },
      );
    }
    this.checkNode(entry.value, s, path, entry);
  }

  /** Checks a node against a schema (possibly a union). */
  private checkNode(node: Node, s: IRNode, path: Path, entry: Entry | undefined): void {
    if (s.k === "unknown") return;
    // most entries: a value against one scalar form (what the general path below comes to, without its steps)
    if (node.kind === "value" && s.k !== "union" && s.k !== "table" && s.k !== "record" && s.k !== "array") {
      if (!model.accepts(s, node.value)) return this.badValue(node, s, path);
      if (s.meta?.durationUnit) this.durationChecks(node, s, path);
      return;
    }
    const isUnion = s.k === "union";
    const structural = model.structural(s, node.kind);
    if (structural.length === 0) return this.mismatch(node, s, path, entry);

    // choose the first option that accepts the value; coercions and legacy forms are reported
    let chosen = structural[0];
    if (structural.length > 1 || node.kind === "value") {
      const value = plain(node);
      // most keys have one form: no closure to find it
      const ok =
        structural.length === 1 ? (model.accepts(chosen, value) ? chosen : undefined) : structural.find((o) => model.accepts(o, value));
      if (!ok && node.kind === "value") return this.badValue(node, s, path);
      if (ok) chosen = ok;
    }
    const m = isUnion ? chosen.meta : undefined;
    if (m?.legacy && entry) return this.legacy(entry, m.legacy);
    // an empty list in a legacy list form (checks = [], env = []) is read as none at all (patches.go): nothing to convert
    if (m?.coerced && entry && node.kind === "array" && !node.ofTables && node.items.length === 0)
      return this.legacy(entry, `An empty \`${entry.key}\` list is read as no \`${entry.key}\` at all.`);
    if (m?.coerced) this.coerced(node, chosen, path, entry, s);
    if (m?.coerced && path === "checks" && node.kind === "array") this.legacyChecksNames(node);

    if (node.kind === "value") {
      this.durationChecks(node, s, path);
      return;
    }
    if (chosen.k === "unknown") return;
    if (node.kind === "table") return this.checkTable(node, chosen, path);
    if (chosen.k === "array") {
      const el = model.node(chosen.item!);
      for (const item of (node as ArrayNode).items) this.checkNode(item, el, `${path}[]`, undefined);
    }
  }

  private unknownKey(e: Entry, known: string[], path: Path, table?: IRNode): void {
    if (AUTOSTOP_KEYS.has(e.key)) return this.misplacedAutostop(e, path ? `[${path.replace(/\[\]/g, "")}]` : "the top level");
    const where = path ? sectionLabel(path, e) : "the top level";
    const misplaced = MISPLACED_KEYS[path]?.[e.key];
    const invented = misplaced ? { message: misplaced.message, rename: undefined } : INVENTED_KEYS[e.key];
    const parentTable = e.value.parent;
    // never rename onto a key the table already has: that would define it twice
    const free = (k: string) =>
      k !== e.key && !(parentTable?.kind === "table" && parentTable.entries.has(k)) && this.fits(e.value, table, k);
    // legacy spellings (`mount` for `mounts`…) are read by flyctl, but never proposed
    const candidates = misplaced
      ? misplaced.renames
      : invented
        ? invented.rename
          ? [invented.rename]
          : []
        : nearest(
            e.key,
            known.filter((k) => !(table?.keys && model.node(table.keys[k]).meta?.alias)),
            // two edits turn a one- or two-letter key into almost any short one (`a` into `vm`): not a typo
            e.key.length <= 2 ? 1 : 2,
          );
    const offered = candidates.filter(free).slice(0, 3);
    const fixes: FixDraft[] = offered.flatMap((c, i) =>
      fixesOf(`Rename to ${c}`, renameKey(this.ctx.text, e, c), i === 0 && offered.length === 1),
    );
    const section = e.value.kind === "table" || (e.value.kind === "array" && e.value.ofTables);
    const what = section ? `Section \`${e.key}\`` : `\`${e.key}\``;
    const homes = homesOf(e.key, where, e.value.kind).map((h) => (h === "the top level" ? "at the top level" : `in ${h}`));
    let msg: string;
    if (misplaced) msg = misplaced.message;
    else if (invented) msg = `${invented.message} flyctl ignores unknown keys silently.`;
    else if (homes.length)
      msg =
        `${what} is not a key ${where === "the top level" ? "at" : "of"} ${where}, so flyctl silently ignores it here; it belongs ${orList(homes.slice(0, 3))}` +
        `${homes.length > 3 ? " (and elsewhere)" : ""}` +
        `${candidates.length ? ` (or did you mean \`${candidates[0]}\`?)` : ""}.`;
    else if (candidates.length)
      msg = `${what} is not a key flyctl knows in ${where}, so it is silently ignored; did you mean \`${candidates[0]}\`?`;
    else msg = `${what} is not a key flyctl knows in ${where}, so it is silently ignored; remove it or check the spelling.`;
    this.ctx.report("unknown-key", e.keySpan, msg, { fixes });
  }

  /** Whether a renamed section's contents would all be known keys under its new name. */
  private fits(value: Node, table: IRNode | undefined, key: string): boolean {
    // [[x]] and x = [ { … }, … ] alike: the keys of every table must be keys of the target
    const tables =
      value.kind === "table" ? [value] : value.kind === "array" ? value.items.filter((i): i is TableNode => i.kind === "table") : [];
    if (!tables.length || !table?.keys || !Object.hasOwn(table.keys, key)) return true;
    const target = model.table(model.node(table.keys[key]));
    if (!target || target.k !== "table") return target?.k === "record";
    return tables.every((t) => [...t.entries.keys()].every((k) => Object.hasOwn(target.keys!, k)));
  }

  /** auto_stop_machines and friends only work inside [http_service] or [[services]]. */
  private misplacedAutostop(e: Entry, where: string): void {
    const services = servicesOf(this.ctx.root);
    const fixes: FixDraft[] = [];
    if (services.length === 1 && !services[0].table.entries.has(e.key) && e.value.kind === "value") {
      const { kind, table } = services[0];
      fixes.push(
        fix(`Move ${e.key} into ${kind === "http_service" ? "[http_service]" : "[[services]]"}`, [
          removeEntry(this.ctx.text, e),
          insertKey(this.ctx.text, table, `${e.key} = ${e.value.raw}`),
        ]),
      );
    }
    this.ctx.report(
      "autostop-misplaced",
      e.keySpan,
      `\`${e.key}\` in ${where} is ignored: it only works inside \`[http_service]\` or a \`[[services]]\` entry; move it there.`,
      { fixes },
    );
  }

  private mismatch(node: Node, s: IRNode, path: Path, entry: Entry | undefined): void {
    const span = entry?.keySpan ?? node.span;
    const want = expectedName(s);
    const name = path.replace(/\[\]/g, "");
    if (node.kind === "array" && node.ofTables && /a table/.test(want) && !/array of tables/.test(want)) {
      const items = node.items as TableNode[];
      const edits: SpanEdit[] = [];
      if (items.length === 1 && items[0].header) edits.push(...this.brackets(items[0], 1));
      this.ctx.report("expected-table", span, `\`[[${name}]]\` must be a single table: write \`[${name}]\` (single brackets).`, {
        fixes: edits.length ? [fix(`Use [${name}]`, edits)] : [],
      });
      return;
    }
    if (node.kind === "table" && node.form === "header" && /array of tables/.test(want)) {
      this.ctx.report(
        "expected-array-of-tables",
        span,
        `\`[${name}]\` must be an array of tables: write \`[[${name}]]\` (double brackets); flyctl cannot read a single table here.`,
        {
          fixes: [fix(`Use [[${name}]]`, this.brackets(node, 2))],
        },
      );
      return;
    }
    this.ctx.report(
      "wrong-type",
      node.kind === "value" ? node.span : span,
      `\`${name}\` must be ${want}, not ${typeName(node)}; flyctl cannot read this file until it is fixed.`,
    );
  }

  /** Edits turning a `[x]` header into `[[x]]` (to = 2) or back (to = 1). */
  private brackets(table: TableNode, to: 1 | 2): SpanEdit[] {
    const h = table.header!;
    const text = this.ctx.text;
    return [
      replace([h.span[0], h.keySpan[0]], text.slice(h.span[0], h.keySpan[0]).replace(/\[+/, to === 2 ? "[[" : "[")),
      replace([h.keySpan[1], h.span[1]], text.slice(h.keySpan[1], h.span[1]).replace(/\]+/, to === 2 ? "]]" : "]")),
    ];
  }

  private enumRule(path: Path): RuleId {
    for (const [re, id] of ENUM_RULES) if (re.test(path)) return id;
    return "invalid-enum";
  }

  private badValue(node: ValueNode, s: IRNode, path: Path): void {
    const meta = s.meta;
    const name = path.replace(/\[\]/g, "");
    if (meta?.durationUnit && node.type === "string") {
      this.ctx.report(
        "invalid-duration",
        node.span,
        `${JSON.stringify(node.value)} is not a duration flyctl can read: use a number with a unit (ns, us, ms, s, m, h), e.g. "30s" or ` +
          `"1m30s"; days ("d") are not allowed.`,
      );
      return;
    }
    const values = model.enumValues(s);
    if (values && node.type === "string") {
      const rule = this.enumRule(path);
      // flyctl reads these into plain Go strings where "" means unset; autostop, restart policies and top-level check types reject it
      const rejectsEmpty: RuleId[] = ["autostop-invalid-value", "restart-policy-invalid", "toplevel-check-invalid"];
      if (node.value === "" && !rejectsEmpty.includes(rule)) return;
      const allowed = Object.keys(values).filter((v) => v !== "");
      const offered = this.enumFixes(String(node.value), allowed, rule);
      // the same word spelt the way flyctl wants it ("sigterm" → "SIGTERM") is safe; a nearest match is a guess
      const norm = (x: string) => (rule === "kill-signal-invalid" ? x.trim().toLowerCase().replace(/^sig/, "") : x.trim().toLowerCase());
      const same = (v: string) => norm(v) === norm(String(node.value));
      const fixes = offered.map((v, i) =>
        fix(`Change to ${JSON.stringify(v)}`, [replace(node.span, quote(v, node))], i === 0 && offered.length === 1),
      );
      if (rule === "autostop-invalid-value" && !fixes.length)
        fixes.push(
          fix('Change to "stop"', [replace(node.span, quote("stop", node))], false),
          fix('Change to "off"', [replace(node.span, quote("off", node))], false),
        );
      this.ctx.report(
        rule,
        node.span,
        `${JSON.stringify(node.value)} is not a valid \`${name.split(".").pop()}\`; use one of ` +
          `${allowed.map((v) => `"${v}"`).join(", ")}${rule === "autostop-invalid-value" ? " (or true/false)" : ""}.`,
        { fixes, case: offered.length === 1 && same(offered[0]) ? "respelt" : "guessed" },
      );
      return;
    }
    if (path.endsWith("min_machines_running")) {
      this.ctx.report(
        "min-machines-negative",
        node.span,
        `\`min_machines_running\` must be a whole number of Machines (0 or more), not ${typeName(node)}.`,
      );
      return;
    }
    if (/(^|\.)(port|internal_port|start_port|end_port)$/.test(path) && node.type === "float") {
      this.ctx.report(
        "port-out-of-range",
        node.span,
        `\`${name.split(".").pop()}\` must be a whole port number between ${PORT_RANGE.min} and ${PORT_RANGE.max}.`,
      );
      return;
    }
    if (node.type === "string" && /^services(\[\])?\.concurrency$/.test(path)) return this.badConcurrencyString(node);
    const conv = convert(node, s);
    const secret = secretPath(path);
    this.ctx.report(
      "wrong-type",
      node.span,
      `\`${name}\` must be ${expectedName(s)}, not ${typeName(node)}${secret ? "" : ` (${node.raw})`}; flyctl cannot read this file ` +
        `until it is fixed.`,
      {
        fixes: conv ? [fix(secret ? "Convert the value" : `Change to ${conv}`, [replace(node.span, conv)])] : [],
      },
    );
  }

  /**
   * A non-string value where flyctl wants a string (`[env]`, check headers): flyctl writes it with Go's %v (patches.go
   * _patchEnv, castToString). Where that is the value's own text (8080, true) it is a legacy form; where it is not
   * (an array becomes "[a b]", a table "map[k:v]", 1e6 "1e+06", a date go-toml's own way) the app gets a string the
   * file does not show: a warning.
   */
  private stringified(e: Entry, section: string): void {
    const v = e.value;
    const s = goString(v);
    const what = typeName(v).replace(/^an? /, "");
    const plainText = v.kind === "value" && s === v.raw;
    const title = plainText ? "Quote the value" : "Write it as the string flyctl makes of it";
    const fixes = s === undefined ? [] : [fix(title, [replace(v.span, JSON.stringify(s))])];
    if (plainText) {
      this.ctx.report(
        "coerced-type",
        v.span,
        `\`${section}\` values are strings; flyctl turns this ${what} into a string of the same text for you, so write it quoted.`,
        { fixes },
      );
      return;
    }
    // never the value itself (it may be a secret, and diagnostics end up in CI logs): how Go writes it, by example;
    // the fix writes the exact string into the file
    const how =
      v.kind === "array"
        ? 'one string of its items inside brackets, separated by spaces (Go\'s %v: ["a", "b"] becomes "[a b]")'
        : v.kind === "table"
          ? 'one string in Go\'s map form (%v: { a = 1 } becomes "map[a:1]")'
          : s === undefined
            ? "a string in go-toml's own date format"
            : 'a string in Go\'s shortest form (%v: 1e6 becomes "1e+06", 2.0 becomes "2")';
    const whose = section === "env" ? `the app sees in \`$${e.key}\`` : "the check sends";
    this.ctx.report(
      "coerced-type",
      v.kind === "value" ? v.span : e.keySpan,
      `\`${section}\` values are strings; flyctl turns this ${what} into ${how}, which is what ${whose}. Write the ` +
        `string you mean, quoted${s === undefined ? "" : " (the fix writes the exact string flyctl makes)"}.`,
      { case: "differs", fixes },
    );
  }

  /** A legacy "soft,hard" string flyctl's conversion rejects (patches.go _patchService: no comma, or not Atoi). */
  private badConcurrencyString(node: ValueNode): void {
    const v = String(node.value);
    const parts = v.split(",").map((x) => x.trim());
    const said = v.includes(",") ? `Can not convert '${v}'` : `Unknown value '${v}' for concurrency limits`;
    const fixes =
      parts.length === 2 && parts.every((p) => /^\d+$/.test(p))
        ? [
            fix(`Change to a concurrency table`, [
              replace(node.span, `{ type = "requests", soft_limit = ${Number(parts[0])}, hard_limit = ${Number(parts[1])} }`),
            ]),
          ]
        : [];
    this.ctx.report(
      "wrong-type",
      node.span,
      `flyctl converts a concurrency string only when it is "soft,hard" with two plain integers; it stops at this one ("${said}"), ` +
        `so flyctl cannot read this file until it is fixed. Write a table: { type = "requests", soft_limit = …, hard_limit = … }.`,
      { fixes },
    );
  }

  private enumFixes(value: string, allowed: string[], rule: RuleId): string[] {
    const v = value.trim();
    if (rule === "autostop-invalid-value") {
      if (/^(on|true|yes|enabled?|auto)$/i.test(v)) return ["stop"];
      if (/^(false|no|disabled?|none)$/i.test(v)) return ["off"];
    }
    if (rule === "restart-policy-invalid") {
      if (/^no$/i.test(v)) return ["never"];
      if (/^on-?fail(ure)?$/i.test(v)) return ["on-failure"];
    }
    if (rule === "kill-signal-invalid") {
      const up = v.toUpperCase().replace(/^(SIG)?/, "SIG");
      if (allowed.includes(up)) return [up];
    }
    if (rule === "deploy-strategy-invalid") {
      // offer only strategies this file can use: no canary/bluegreen with volumes, no bluegreen without checks
      const mounts = mountTables(this.ctx.root).length > 0;
      const checks = hasHealthChecks(this.ctx.root);
      allowed = allowed.filter((a) => !(mounts && (a === "canary" || a === "bluegreen")) && !(a === "bluegreen" && !checks));
    }
    const exactCase = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (exactCase) return [exactCase];
    return nearest(v, allowed, 3).slice(0, 3);
  }

  private coerced(node: Node, chosen: IRNode, path: Path, entry: Entry | undefined, s: IRNode): void {
    const m = chosen.meta!;
    const name = path.replace(/\[\]/g, "");
    // patches.go _patchCheckHeaders: a `[{name, value}]` item without a name stops flyctl
    if (node.kind === "array" && /(^|\.)headers$/.test(name)) {
      const nameless = node.items.find((i) => i.kind === "table" && !i.entries.has("name"));
      if (nameless) {
        this.ctx.report(
          "wrong-type",
          nameless.span,
          'This header has no `name`: flyctl converts a headers list only when every item has one ("Unsupported headers format"), ' +
            'so it cannot read this file until it is fixed. Write the headers as a table: `Header-Name = "value"`.',
        );
        return;
      }
    }
    const span = node.kind === "value" ? node.span : (entry?.keySpan ?? node.span);
    const fixes: FixDraft[] = [];
    if (node.kind === "value") {
      let canon: string | undefined;
      if (path.endsWith("auto_stop_machines")) return; // autostop-legacy-bool reports it
      if (node.type === "string" && /concurrency$/.test(path)) {
        const parts = String(node.value)
          .split(",")
          .map((x) => x.trim());
        if (parts.length === 2 && parts.every((p) => /^\d+$/.test(p)))
          canon = `{ type = "requests", soft_limit = ${Number(parts[0])}, hard_limit = ${Number(parts[1])} }`;
      } else if (node.type === "string" && /^\s*\d+\s*$/.test(String(node.value)) && this.canonicalAccepts(s, Number(node.value)))
        canon = String(Number(node.value));
      else if (node.type === "string") canon = `[${node.raw}]`;
      else if (node.type === "integer" && /(initial_size)$/.test(path)) canon = JSON.stringify(`${node.value}gb`);
      else if (node.type === "integer" && /memory$/.test(path)) canon = JSON.stringify(`${node.value}mb`);
      else if (node.type !== "datetime") canon = JSON.stringify(String(node.raw));
      if (canon !== undefined && !/kill_timeout|metrics_(port|path)/.test(path))
        fixes.push(fix(secretPath(path) ? "Convert the value" : `Change to ${canon}`, [replace(node.span, canon)]));
      this.ctx.report(
        "coerced-type",
        span,
        `flyctl accepts this \`${name.split(".").pop()}\` only through a legacy conversion; write it as ${m.coerced}.`,
        { fixes },
      );
      return;
    }
    if (/(^|\.)(env|headers)$/.test(path) && node.kind === "table") {
      for (const e of node.entries.values()) if (!(e.value.kind === "value" && e.value.type === "string")) this.stringified(e, name);
      return;
    }
    this.ctx.report(
      "coerced-type",
      span,
      `flyctl accepts this form of \`${name}\` only through a legacy conversion; write it as ${m.coerced}.`,
      { fixes },
    );
  }

  /** flyctl turns a `[[checks]]` list into named checks and stops at an item without a string `name`. */
  private legacyChecksNames(node: ArrayNode): void {
    for (const item of node.items) {
      if (item.kind !== "table") continue;
      const name = item.entries.get("name");
      if (name?.value.kind === "value" && name.value.type === "string") continue;
      this.ctx.report(
        "toplevel-check-invalid",
        name ? name.value.span : item.span,
        name
          ? 'A `[[checks]]` item\'s `name` must be a string; flyctl stops reading the file at this one ("check item name not a string").'
          : 'This `[[checks]]` item has no `name`; flyctl stops reading the file at it ("check item name not a string"). Add ' +
              '`name = "…"`, or write it as a `[checks.<name>]` table.',
      );
    }
  }

  /** Whether a value fits the schema without a legacy conversion (what a fix may write). */
  private canonicalAccepts(s: IRNode, v: unknown): boolean {
    return model.options(s).some((o) => !o.meta?.coerced && !o.meta?.legacy && model.accepts(o, v));
  }

  private durationChecks(node: ValueNode, s: IRNode, path: Path): void {
    const meta = s.meta;
    // [experimental] kill_timeout has one message already: move it to the top level (coerced-type)
    if (meta?.durationUnit && (node.type === "integer" || node.type === "float") && !path.startsWith("experimental.")) {
      const name = path.replace(/\[\]/g, "");
      const unit = meta.durationUnit;
      const key = name.split(".").pop();
      if (unit === "ns") {
        const intended = /checks/.test(path) && !/kill_timeout/.test(path) ? "ms" : "s";
        const ns = Number(node.value) * (intended === "ms" ? 1e6 : 1e9);
        const canon = JSON.stringify(formatDuration(ns));
        this.ctx.report(
          "bare-duration",
          node.span,
          `flyctl reads \`${key} = ${node.raw}\` here as ${node.raw} nanoseconds (${formatDuration(Number(node.value))}), not ` +
            `${unitName(intended)}; write the unit, e.g. ${canon}.`,
          // the value flyctl uses changes from nanoseconds to what was meant
          { case: "nanoseconds", fixes: [fix(`Change to ${canon} (${node.raw} ${unitName(intended)})`, [replace(node.span, canon)])] },
        );
      } else {
        // flyctl truncates seconds to whole seconds; milliseconds become a Go duration
        const ns = unit === "s" ? Math.trunc(Number(node.value)) * 1e9 : Math.trunc(Number(node.value) * 1e6);
        // a kill_timeout over Fly's limit has one message, the error that says both (kill-timeout-too-long)
        if (path === "kill_timeout" && (ns > KILL_TIMEOUT_MAX_NS || ns < 0)) return;
        const canon = JSON.stringify(formatDuration(ns));
        this.ctx.report(
          "bare-duration",
          node.span,
          `\`${key} = ${node.raw}\` is read as ${unitName(unit)}; write it with a unit (${canon}) so nobody has to guess.`,
          {
            fixes: [fix(`Change to ${canon}`, [replace(node.span, canon)])],
          },
        );
      }
    }
  }
}

/** The document walked alongside the model: one walk reports every rule of the model's shape. */
export function walkSchema(ctx: RuleContext): void {
  new ShapeChecker(ctx).run();
}

/** The parser's errors: syntax, and a key defined twice. */
function syntaxErrors(ctx: RuleContext): void {
  for (const e of ctx.doc.errors) ctx.report(e.duplicate ? "toml-duplicate-key" : "toml-syntax", e.span, e.message);
}

function toml11Forms(ctx: RuleContext): void {
  for (const u of ctx.doc.parse.toml11)
    ctx.report(
      "toml-1-1-form",
      u.span,
      `TOML 1.1: ${u.what}. flyctl reads it, but TOML 1.0 tools (taplo, Even Better TOML) report it as an error.`,
    );
}

/** flyctl's own range for [build] compression_level (the model says only that it is an integer). */
function compressionLevel(ctx: RuleContext): void {
  const level = getValue(getTable(ctx.root, "build"), "compression_level");
  if (level?.type === "integer" && (Number(level.value) < 0 || Number(level.value) > 9))
    ctx.report("invalid-enum", level.span, `Invalid value '${level.raw}' for compression level. Must be an integer between 0 and 9.`);
}

/** The fix, where its edits could be made (a key that cannot be renamed everywhere gets none). */
function fixesOf(title: string, edits: SpanEdit[] | undefined, preferred = true): FixDraft[] {
  return edits ? [fix(title, edits, preferred)] : [];
}
