/** What a rule is: the description every family gives of each of its rules (see registry.ts). */
import type { RuleGroup } from "../../../../core/groups";

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

export interface RuleInfo {
  /** Default severity; some rules choose another per finding (see spec/rules.md). */
  severity: Severity;
  docs: string;
  /** One line for SARIF and the README. */
  title: string;
  /** What it catches and why it matters, in a few sentences (Markdown): SARIF's fullDescription, docs/rules.md. */
  description: string;
  group: RuleGroup;
  /** The safety of the rule's fixes (a fix may say otherwise where the case decides), or "none": it has no fix. */
  fix: FixSafety | "none";
  /**
   * Its only remedy is a command of the VS Code client (Pick the app): reported where the host has those commands
   * (LanguageServiceOptions.clientCommands), left out of the CLI and other editors.
   */
  clientOnly?: true;
  /**
   * What besides fly.toml it reads: the app's addresses, Machines, volumes or secrets (each unknown until given), or
   * the files around fly.toml. Without them it is silent, so a suppression of it is only known to be unused when
   * they are all known.
   */
  needs?: readonly RuleNeed[];
  /** Why a private app needs this rule's fix: Make app private applies it, and its plan says this. */
  privateWhy?: string;
  /**
   * Where the severity or the fix safety depends on the case, the cases, by name: the check reports one of them
   * (`ctx.report(id, span, message, { case })`) and the definition says what it means and what it changes.
   */
  cases?: Record<string, RuleCase>;
  /**
   * Its fix is a command of the VS Code client, which asks the user first (offered only to a client that has it):
   * the quick fix's title, the command (core/protocol.ts COMMANDS) run with the config file's URI, and its name.
   */
  clientFix?: { title: string; command: string; named: string; preferred?: boolean };
}

interface RuleCase {
  /** When it applies, in words (docs/rules.md, fly-toml rule). */
  when: string;
  severity?: Severity;
  /** The safety of the fixes in this case. */
  fix?: FixSafety;
}

export type RuleNeed = "ips" | "machines" | "volumes" | "secrets" | "files";

/** The rule's own section of docs/rules.md in the repository (package.json's repository): codeDescription, helpUri. */
export const RULES_DOC_URL = "https://github.com/fly-toml/fly-toml/blob/main/docs/rules.md";
export const ruleDocUrl = (id: string): string => `${RULES_DOC_URL}#${id}`;
