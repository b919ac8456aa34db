/** The language server in Node: the fly.toml language service behind LSP (stdio, node-ipc or socket, from argv). */
import { pathToFileURL } from "node:url";
import { createConnection, ProposedFeatures, type Connection } from "vscode-languageserver/node";
import { serve } from "./lsp/serve";
import { TaploFormatter } from "./taplo/client";
import { AroundCache, readBytes } from "./around-disk";

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const taplo = new TaploFormatter();
  const log = (line: string) => connection.console.log(line);
  let documentText: (uri: string) => string | undefined = () => undefined;
  const served = serve(connection, {
    formatter: taplo.format,
    // a file around fly.toml that the client syncs (an open Dockerfile buffer) is read as the editor has it
    around: new AroundCache(log, (path) => documentText(pathToFileURL(path).toString())),
    readBytes: (path) => readBytes(path, log),
    shutdown: () => taplo.stop(),
  });
  documentText = (uri) => served.documents.get(uri)?.getText();
  return connection;
}
