/**
 * The language server in a web worker, for vscode.dev and github.dev: the same wiring and language service as in
 * Node, without a disk (nothing around fly.toml is read) and without formatting (taplo's module is built for Node:
 * its WebAssembly is loaded through Node's fs and worker_threads).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from "vscode-languageserver/browser";
import { serve } from "./lsp/serve";

// the worker's global scope (typed by the reader's own parameter: the project's lib has no WebWorker types)
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const NOTHING_AROUND = { for: () => ({ read: () => undefined }), changed: () => [] };

serve(createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self)), { around: NOTHING_AROUND });
