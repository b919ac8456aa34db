/** initialize, the client's capabilities, and the `flyToml` settings (workspace/configuration or initializationOptions). */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { FIX_ALL_KIND, type ServerSettings } from "../../../core/protocol";
import type { ServerState } from "./state";

declare const __VERSION__: string;

/** The files around fly.toml that the rules may read (see service/around/): watched for changes. */
const AROUND_GLOBS = [
  "**/Dockerfile",
  "**/Dockerfile.*",
  "**/*.Dockerfile",
  "**/*.dockerfile",
  "**/Containerfile",
  // package.json, and the file machine_config names
  "**/*.json",
  "**/gunicorn.conf.py",
  "**/{vite,astro}.config.*",
  "**/.streamlit/config.toml",
];

/**
 * Registers initialize and the settings handlers. The returned promise resolves once the client's settings are
 * known: the first check waits for it, so a rule group that is off is never shown.
 */
export function registerSettings(state: ServerState): { ready: () => Promise<void> } {
  const { connection, documents } = state;
  let ready: Promise<void> = Promise.resolve();
  let markReady: () => void = () => undefined;
  const revalidate = () => {
    for (const d of documents.all()) void state.validate(d);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    state.client.snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    state.client.configurationSupport = caps.workspace?.configuration === true;
    state.client.watchesFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    state.client.resolvesEdits = caps.textDocument?.codeAction?.resolveSupport?.properties.includes("edit") === true;
    state.settings = (params.initializationOptions as ServerSettings | undefined) ?? {};
    state.client.clientCommands = state.settings.clientCommands === true;
    if (state.client.configurationSupport) ready = new Promise<void>((resolve) => (markReady = resolve));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["[", ".", '"', "=", " "] },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND],
          resolveProvider: true,
        },
        // without a formatter (the web worker) formatting is not offered at all
        documentFormattingProvider: state.formats,
        documentRangeFormattingProvider: state.formats,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: "fly-toml", version: typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0" },
    };
  });

  async function refresh(): Promise<void> {
    try {
      const s = (await connection.workspace.getConfiguration("flyToml")) as ServerSettings | null;
      if (s) state.settings = s;
    } catch {
      // a client without workspace/configuration keeps the initialization options
    }
    markReady();
    revalidate();
  }

  connection.onInitialized(() => {
    // the files around fly.toml that the rules read: a change on disk checks the fly.toml files that read it again
    if (state.client.watchesFiles)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: AROUND_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch(() => undefined);
    if (!state.client.configurationSupport) return;
    void connection.client.register(DidChangeConfigurationNotification.type, { section: "flyToml" }).catch(() => undefined);
    void refresh();
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { flyToml?: ServerSettings } | undefined)?.flyToml;
    if (!s) return void refresh();
    state.settings = s;
    revalidate();
  });

  return { ready: () => ready };
}
