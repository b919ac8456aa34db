/** The language server: the fly.toml language service behind LSP (stdio, node-ipc or socket, from argv). */
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from "vscode-languageserver/node";
import { isFlyToml } from "../../core/files";
import { CLIENT_COMMANDS, PRIVATE_FIXES_METHOD, SET_IPS_METHOD, type PrivateFixesParams, type PrivateFixesResult, type ServerSettings, type SetIpsParams } from "../../core/protocol";
import type { Ip } from "../../core/ips";
import { createLanguageService, FIX_ALL_KIND, FormatError, RULES } from "./service";
import { TaploFormatter } from "./taplo/client";


/** Documents up to this size are checked at once on every change; larger ones after a short pause. */
const IMMEDIATE_LIMIT = 256 * 1024;
const DEBOUNCE_MS = 200;
/** More problems than this in one file are not useful to anyone, and would slow the editor down. */
const MAX_DIAGNOSTICS = 1000;


function isIpList(v: unknown): v is Ip[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === "object" && typeof x.Type === "string" && typeof x.Address === "string");
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const ips = new Map<string, Ip[] | null>();
  const timers = new Map<string, NodeJS.Timeout>();
  const taplo = new TaploFormatter();
  let settings: ServerSettings = {};
  let snippetSupport = false;
  let clientCommands = false;
  let resolvesEdits = false;
  let configurationSupport = false;
  // the first check waits for the client's settings, so a disabled rule group is never shown
  let settingsReady: Promise<void> = Promise.resolve();
  let markSettingsReady: () => void = () => undefined;

  connection.onInitialize((params: InitializeParams) => {
    snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    configurationSupport = params.capabilities.workspace?.configuration === true;
    settings = (params.initializationOptions as ServerSettings | undefined) ?? {};
    clientCommands = settings.clientCommands === true;
    resolvesEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes("edit") === true;
    if (configurationSupport) settingsReady = new Promise<void>((resolve) => (markSettingsReady = resolve));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["[", ".", '"', "=", " "] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: "fly-toml", version: typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0" },
    };
  });

  connection.onInitialized(() => {
    if (configurationSupport) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "flyToml" }).catch(() => undefined);
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    try {
      const s = (await connection.workspace.getConfiguration("flyToml")) as ServerSettings | null;
      if (s) settings = s;
    } catch {
      // a client without workspace/configuration keeps the initialization options
    }
    markSettingsReady();
    for (const d of documents.all()) void validateNow(d);
  }

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { flyToml?: ServerSettings } | undefined)?.flyToml;
    if (s) {
      settings = s;
      for (const d of documents.all()) void validateNow(d);
    } else void refreshSettings();
  });

  // a rule group that is off is neither shown nor fixed in bulk
  const service = createLanguageService({ formatter: taplo.format, shown: (rule) => settings.diagnostics?.[RULES[rule].group] !== false });

  async function validateNow(doc: TextDocument): Promise<void> {
    if (!isFlyToml(doc.uri)) return;
    await settingsReady;
    const version = doc.version;
    if (documents.get(doc.uri)?.version !== version) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = service.validate(doc, ips.get(doc.uri) ?? null).slice(0, MAX_DIAGNOSTICS);
    } catch (e) {
      connection.console.error(`fly-toml: checking ${doc.uri} failed: ${(e as Error).stack ?? e}`);
      return;
    }
    // never publish results for an older text over a newer one
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return;
    void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.delete(doc.uri);
    if (doc.getText().length <= IMMEDIATE_LIMIT) return void validateNow(doc);
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) void validateNow(current);
      }, DEBOUNCE_MS),
    );
  }

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    service.forget();
    if (isFlyToml(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onNotification(SET_IPS_METHOD, (params: SetIpsParams) => {
    if (!params || typeof params.uri !== "string") return;
    if (params.ips !== null && !isIpList(params.ips)) {
      connection.console.warn(`fly-toml: ${SET_IPS_METHOD} for ${params.uri} ignored: ips must be an array from \`fly ips list --json\` or null`);
      return;
    }
    ips.set(params.uri, params.ips);
    const doc = documents.get(params.uri);
    if (doc) void validateNow(doc);
  });

  const docFor = (uri: string) => {
    const d = documents.get(uri);
    return d && isFlyToml(uri) ? d : undefined;
  };

  connection.onHover((p) => {
    const d = docFor(p.textDocument.uri);
    return d ? service.hover(d, p.position, ips.get(d.uri) ?? null) : null;
  });

  connection.onCompletion((p) => {
    const d = docFor(p.textDocument.uri);
    return d ? service.complete(d, p.position, { snippets: snippetSupport }) : null;
  });

  connection.onCodeAction((p) => {
    const d = docFor(p.textDocument.uri);
    if (!d) return [];
    const actions = service.codeActions(d, p.range, { ips: ips.get(d.uri) ?? null, only: p.context.only, lazyFixAll: resolvesEdits });
    // releasing IPs is not an edit: the VS Code client has a command for it (with its confirmation)
    const wantsQuickFix = !p.context.only || p.context.only.some((k) => k.startsWith(CodeActionKind.QuickFix));
    if (clientCommands && wantsQuickFix) {
      for (const diag of p.context.diagnostics.filter((x) => x.code === "private-app-has-public-ips")) {
        actions.push({ title: "Release the public IPs of this app…", kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: "Release public IPs", command: CLIENT_COMMANDS.releasePublic, arguments: [d.uri] } });
      }
    }
    return actions;
  });

  // "fix all" is computed when it is picked, on the document as it is then
  connection.onCodeActionResolve((action) => {
    const uri = (action.data as { fixAll?: string } | undefined)?.fixAll;
    const d = uri ? docFor(uri) : undefined;
    if (d) action.edit = service.fixAllEdit(d, ips.get(d.uri) ?? null) ?? { changes: {} };
    return action;
  });

  connection.onRequest(PRIVATE_FIXES_METHOD, (p: PrivateFixesParams): PrivateFixesResult => {
    const text = typeof p?.text === "string" ? p.text : documents.get(p?.uri)?.getText();
    if (text === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, `fly.toml: ${p?.uri} is not open and no text was given`);
    if (!isIpList(p.ips)) throw new ResponseError(LSPErrorCodes.RequestFailed, "fly.toml: ips must be an array from `fly ips list --json`");
    return service.privateAppFixes(text, p.ips);
  });

  async function format(uri: string, options: { tabSize: number; insertSpaces: boolean }, range?: import("vscode-languageserver").Range) {
    const d = docFor(uri);
    if (!d) return null;
    const version = d.version;
    try {
      const edits = await service.format(d, options, range);
      if (documents.get(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, "fly.toml changed while it was being formatted");
      return edits;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      const message = e instanceof FormatError ? e.message : `formatting failed: ${(e as Error).message}`;
      throw new ResponseError(LSPErrorCodes.RequestFailed, `fly.toml: ${message}`);
    }
  }

  connection.onDocumentFormatting((p) => format(p.textDocument.uri, p.options));
  connection.onDocumentRangeFormatting((p) => format(p.textDocument.uri, p.options, p.range));
  connection.onDocumentSymbol((p) => {
    const d = docFor(p.textDocument.uri);
    return d ? service.symbols(d) : [];
  });
  connection.onFoldingRanges((p) => {
    const d = docFor(p.textDocument.uri);
    return d ? service.folding(d) : [];
  });

  connection.onShutdown(() => taplo.stop());
  documents.listen(connection);
  connection.listen();
  return connection;
}

declare const __VERSION__: string;
