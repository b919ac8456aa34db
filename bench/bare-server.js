// The memory baseline for bench:lsp: a bare Node process running vscode-languageserver with open documents
// and nothing else.
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require("vscode-languageserver/node");
const { TextDocument } = require("vscode-languageserver-textdocument");
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent((e) => connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: [] }));
documents.listen(connection);
connection.listen();
