/**
 * The front door of the language service: one object with every feature, made once with what the host has
 * (a formatter, which rule groups are shown). The language server, the CLI and the tests use only this.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Position,
  Range,
  TextEdit,
} from "vscode-languageserver-types";
import type { Ip } from "../../../core/ips";
import type { Live } from "../../../core/live";
import { codeActions, fixAllEdit, fixAllText, privateAppFixes, type AppliedFix, type FixAllOptions } from "./actions";
import { analyze, type Analysis, type Showing } from "./analyze";
import type { Around } from "./around/files";
import { complete, type CompletionOptions } from "./completion";
import { toDiagnostic } from "./diagnostics";
import { formatDocument, formatText, FormatError, settingsFor, type Formatter } from "./format";
import { hover } from "./hover";
import { forgetParses, notUtf8 } from "./parse";
import { decodeUtf8 } from "../../../core/utf8";
import type { Finding } from "./rules/context";
import { RULE_IDS, RULES, type RuleId } from "./rules/registry";
import { documentSymbols, foldingRanges } from "./symbols";

export interface LanguageServiceOptions {
  /** Formats TOML text (the server's taplo worker); without one, formatting is refused with a clear error. */
  formatter?: Formatter;
  /** Whether a rule's findings are shown (its group may be off); read on every call. Hidden findings are not fixed either. */
  shown?: (rule: RuleId) => boolean;
  /**
   * The host acts on the app (the VS Code client, with its Fly commands): the rules whose only remedy is such an
   * action (RuleDefinition.clientOnly) are reported too.
   */
  clientCommands?: () => boolean;
}

export interface LanguageService {
  /** The findings of a text, in document order (hidden rules left out). */
  /** `around`: the files beside fly.toml (its Dockerfile, package.json); without it the rules that read them stay silent. */
  analyze(text: string, live?: Live, around?: Around | null): Analysis;
  /** The finding of a file whose bytes are not UTF-8 (see core/utf8.ts): only that, as flyctl reads nothing else. */
  notUtf8(text: string, bytes: Uint8Array, byteOffset: number): Finding;
  /**
   * The diagnostic of a document whose file on disk (`bytes`) is not UTF-8, when the editor's text is that file
   * decoded (U+FFFD where a byte is not UTF-8); undefined otherwise (then validate as usual).
   */
  validateBytes(doc: TextDocument, bytes: Uint8Array): Diagnostic[] | undefined;
  validate(doc: TextDocument, live?: Live, around?: Around | null): Diagnostic[];
  hover(doc: TextDocument, position: Position, live?: Live, around?: Around | null): Hover | null;
  complete(doc: TextDocument, position: Position, options?: CompletionOptions): CompletionList;
  /** Quick fixes for a range and "fix all"; with `lazyFixAll`, fix all comes without its edit (see fixAllEdit). */
  codeActions(
    doc: TextDocument,
    range: Range,
    o?: { live?: Live; only?: string[]; lazyFixAll?: boolean; around?: Around | null },
  ): CodeAction[];
  /** The edit of "fix all" (safe fixes of the findings shown), or undefined when nothing changes. */
  fixAllEdit(doc: TextDocument, live?: Live, around?: Around | null): CodeAction["edit"] | undefined;
  fixAllText(text: string, live?: Live, o?: FixAllOptions): { text: string; fixed: number; applied: AppliedFix[] };
  /** What "Make app private" changes in a fly.toml, against the addresses the app will have. */
  privateAppFixes(text: string, futureIps: readonly Ip[]): ReturnType<typeof privateAppFixes>;
  /** Formatting edits (within the range, if given); rejects with a FormatError when it would lose anything. */
  format(doc: TextDocument, options: Pick<FormattingOptions, "tabSize" | "insertSpaces">, range?: Range): Promise<TextEdit[]>;
  symbols(doc: TextDocument): DocumentSymbol[];
  folding(doc: TextDocument): FoldingRange[];
  /** Drops the kept parse trees (when documents close, so their memory can go). */
  forget(): void;
}

/** The rules whose only remedy is a command of the VS Code client (RuleDefinition.clientOnly). */
const CLIENT_ONLY: ReadonlySet<RuleId> = new Set(RULE_IDS.filter((id) => RULES[id].clientOnly));

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const shown = options.shown;
  const client = options.clientCommands ?? (() => false);
  const shows = (rule: RuleId) => (!CLIENT_ONLY.has(rule) || client()) && (!shown || shown(rule));
  // fix all analyses every rule (a syntax error stops it whatever is shown), then keeps what is shown
  const accept = (f: Finding) => shows(f.rule);
  const showing = (): Showing => ({ shown, client: client() });
  // a rule that is not shown is not checked at all
  const findings = (text: string, live: Live, around: Around | null = null): Analysis => analyze(text, live, around, showing());
  return {
    analyze: (text, live = null, around = null) => findings(text, live, around),
    notUtf8: (text, bytes, byteOffset) => notUtf8(text, bytes, byteOffset),
    validateBytes: (doc, bytes) => {
      const { text, invalidAt } = decodeUtf8(bytes);
      if (invalidAt === undefined || text !== doc.getText()) return undefined;
      return [toDiagnostic(doc, notUtf8(text, bytes, invalidAt))];
    },
    validate: (doc, live = null, around = null) => findings(doc.getText(), live, around).findings.map((f) => toDiagnostic(doc, f)),
    hover: (doc, position, live = null, around = null) => hover(doc, position, live, around),
    complete: (doc, position, o) => complete(doc, position, o),
    codeActions: (doc, range, o = {}) => codeActions(doc, range, o.live ?? null, o.only, o.lazyFixAll, accept, o.around ?? null, showing()),
    fixAllEdit: (doc, live = null, around = null) => fixAllEdit(doc, live, { accept, around }),
    // the caller's choice (the CLI's --select / --ignore) among what this host shows
    fixAllText: (text, live = null, o = {}) => fixAllText(text, live, { ...o, accept: (f) => accept(f) && (o.accept?.(f) ?? true) }),
    privateAppFixes: (text, futureIps) => privateAppFixes(text, futureIps),
    format: async (doc, o, range) => {
      if (!options.formatter) throw new FormatError("no TOML formatter is available here; nothing was changed");
      return formatDocument(doc, options.formatter, settingsFor(o), range);
    },
    symbols: (doc) => documentSymbols(doc),
    folding: (doc) => foldingRanges(doc),
    forget: () => forgetParses(),
  };
}

export { formatText, FormatError, settingsFor, RULES };
