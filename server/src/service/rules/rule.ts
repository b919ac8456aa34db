/** What a rule is: one definition (defineRule) that everything about it reads. */
import type { RuleGroup } from "../../../../core/groups";
import type { RuleContext } from "./context";

export type Severity = "error" | "warning" | "info" | "hint";

/**
 * Safe: the fix mends a real mistake and changes nothing else a user relies on (a form flyctl rejects or reads the
 * same way rewritten, a setting that cannot work). Unsafe: it changes what the app does, removes a key, or picks
 * one of several plausible values. `--fix` and source.fixAll apply safe fixes only.
 */
export type FixSafety = "safe" | "unsafe";

/** What a rule's fix safety means for the user, in one sentence each (SARIF's help, docs/rules.md). */
export const FIX_SAFETY_WORDS: Record<FixSafety | "none", string> = {
  safe: "Its fix is safe: `fly-toml check --fix` and the editor's Fix all apply it.",
  unsafe:
    "Its fix changes what the app does, so it is never applied in bulk: pick it as a quick fix, or run `fly-toml check --unsafe-fixes`.",
  none: "",
};

/**
 * A rule: everything about it in one place, read by the analysis (when to run its check), the LSP and the CLI's
 * formats (severity, fix safety, links), `fly-toml rule`, docs/rules.md, the Make-private plan and the VS Code client.
 * Adding one is a definition in a family file (rules/<family>.ts), its place in registry.ts and its fixture.
 */
export interface RuleDefinition<Id extends string = string> {
  /** A public interface: the code of every diagnostic, the name in suppressions, --select and the docs. */
  id: Id;
  group: RuleGroup;
  /** Default severity; where the case decides, `cases` says so. */
  severity: Severity;
  /** The safety of the rule's fixes (where the case decides, `cases` says so), or "none": it has no fix. */
  fixSafety: FixSafety | "none";
  /** One line for SARIF, the rule table and `fly-toml rule --all`. */
  title: string;
  /** What it finds, in a sentence or two (Markdown): docs/rules.md, SARIF's fullDescription (with why). */
  what: string;
  /** Why that breaks or costs something, and what to do (Markdown). */
  why: string;
  /** The Fly.io page that says so (kept in every message's link and the docs). */
  docs: string;
  /**
   * What besides fly.toml it reads: the app's addresses, Machines, volumes or secrets (each unknown until given), or
   * the files around fly.toml. The analysis runs its check only when they are all known; a suppression of it is
   * only known to be unused then too.
   */
  needs?: readonly RuleNeed[];
  /**
   * What it reads when it is there, and runs without (the Dockerfile, for a better message or more findings): a
   * suppression of it is only known to be unused when these are known too.
   */
  reads?: readonly RuleNeed[];
  /**
   * Where the severity or the fix safety depends on the case, the cases, by name: the check reports one of them
   * (`ctx.report(id, span, message, { case })`) and the definition says what it means and what it changes.
   */
  cases?: Record<string, RuleCase>;
  /** Why a private app needs this rule's fix: Make app private applies it, and its plan says this. */
  privateWhy?: string;
  /**
   * Its only remedy is a command of the VS Code client (Pick the app): reported where the host has those commands
   * (LanguageServiceOptions.clientCommands), left out of the CLI and other editors.
   */
  clientOnly?: true;
  /**
   * Its fix is a command of the VS Code client, which asks the user first (offered only to a client that has it):
   * the quick fix's title, the command (core/protocol.ts COMMANDS) run with the config file's URI, and its name.
   */
  clientFix?: { title: string; command: string; named: string; preferred?: boolean };
  /**
   * Finds the rule's problems and reports them (`ctx.report(id, …)`); the analysis runs it only when the rule is
   * shown and what it needs is known. Rules found in one walk over the same sections share that walk (it runs once
   * and reports only rules whose definition names it); a rule found by two (the model's walk, and a check of
   * flyctl's own) lists both. Absent for the one rule the analysis reports itself, after every check
   * (unused-suppression).
   */
  check?: Check | readonly Check[];
}

export type Check = (ctx: RuleContext) => void;

export const checksOf = (d: RuleDefinition): readonly Check[] =>
  d.check === undefined ? [] : typeof d.check === "function" ? [d.check] : d.check;

/** A rule's definition, as written in its family file (the id's literal type makes RuleId). */
export function defineRule<const Id extends string>(definition: RuleDefinition<Id>): RuleDefinition<Id> {
  return definition;
}

/** The cases of the rules of allowed values: their fix respells the value, or picks the nearest allowed one. */
export const ENUM_FIX_CASES = {
  respelt: { when: "the value is an allowed one spelt another way (its case, spaces, SIG): the fix respells it", fixSafety: "safe" },
  guessed: { when: "the fix picks the nearest allowed value: a guess", fixSafety: "unsafe" },
} as const satisfies Record<string, RuleCase>;

interface RuleCase {
  /** When it applies, in words (docs/rules.md, fly-toml rule). */
  when: string;
  severity?: Severity;
  /** The safety of the fixes in this case. */
  fixSafety?: FixSafety;
}

export type RuleNeed = "ips" | "machines" | "volumes" | "secrets" | "files";

/** The rule's own section of docs/rules.md in the repository (package.json's repository): codeDescription, helpUri. */
export const RULES_DOC_URL = "https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md";
export const ruleDocUrl = (id: string): string => `${RULES_DOC_URL}#${id}`;
