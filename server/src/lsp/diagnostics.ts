/** Diagnostics: checked on open and on every change (large documents after a pause), cleared on close. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "vscode-languageserver/node";
import { fileURLToPath } from "node:url";
import { isFlyToml } from "../../../core/files";
import { aroundOf, type ServerState } from "./state";

/** Documents up to this size are checked at once on every change; larger ones after a short pause. */
const IMMEDIATE_LIMIT = 256 * 1024;
const DEBOUNCE_MS = 200;
/** More problems than this in one file are not useful to anyone, and would slow the editor down. */
const MAX_DIAGNOSTICS = 1000;

/** The check of one document, after the settings are known; never publishes an older version over a newer one. */
export function validator(state: ServerState, settingsReady: () => Promise<void>): (doc: TextDocument) => Promise<void> {
  return async (doc) => {
    if (!isFlyToml(doc.uri)) return;
    await settingsReady();
    const version = doc.version;
    if (state.documents.get(doc.uri)?.version !== version) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics =
        notUtf8OnDisk(state, doc) ??
        state.service.validate(doc, state.live.get(doc.uri) ?? null, aroundOf(state, doc.uri)).slice(0, MAX_DIAGNOSTICS);
    } catch (e) {
      state.connection.console.error(`fly-toml: checking ${doc.uri} failed: ${(e as Error).stack ?? e}`);
      return;
    }
    const current = state.documents.get(doc.uri);
    if (!current || current.version !== version) return;
    void state.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  };
}

/**
 * An editor decodes a file that is not UTF-8 with U+FFFD where a byte is not UTF-8, so the server sees no bad byte:
 * where the text has one, the file on disk (bounded like the files around fly.toml) says whether flyctl can read it.
 */
function notUtf8OnDisk(state: ServerState, doc: TextDocument): Diagnostic[] | undefined {
  const text = doc.getText();
  if (!doc.uri.startsWith("file:") || !text.includes("\ufffd")) return undefined;
  // a re-check of the same text (settings, the app's state changed) does not read the disk again
  const last = diskChecks.get(doc.uri);
  if (last?.text === text) return last.result;
  const bytes = state.readBytes?.(fileURLToPath(doc.uri));
  const result = bytes && state.service.validateBytes(doc, bytes);
  diskChecks.set(doc.uri, { text, result });
  return result;
}

/** The last check of a document against its bytes on disk, by URI (dropped when the document closes). */
const diskChecks = new Map<string, { text: string; result: Diagnostic[] | undefined }>();

export function registerDiagnostics(state: ServerState): void {
  const { documents, connection } = state;
  const timers = new Map<string, NodeJS.Timeout>();
  const stopTimer = (uri: string) => {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
  };
  const schedule = (doc: TextDocument) => {
    stopTimer(doc.uri);
    if (doc.getText().length <= IMMEDIATE_LIMIT) return void state.validate(doc);
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) void state.validate(current);
      }, DEBOUNCE_MS),
    );
  };
  // a file around fly.toml (a Dockerfile) changed, in a synced buffer or on disk: the open fly.toml files that read
  // it are checked again
  const aroundChanged = (uris: string[]) => {
    const again = new Set(
      uris.filter((u) => u.startsWith("file:") && !isFlyToml(u)).flatMap((u) => state.around.changed(fileURLToPath(u))),
    );
    if (again.size) for (const d of documents.all()) if (d.uri.startsWith("file:") && again.has(fileURLToPath(d.uri))) schedule(d);
  };
  documents.onDidOpen((e) => (aroundChanged([e.document.uri]), schedule(e.document)));
  documents.onDidChangeContent((e) => (aroundChanged([e.document.uri]), schedule(e.document)));
  connection.onDidChangeWatchedFiles((p) => aroundChanged(p.changes.map((c) => c.uri)));
  documents.onDidClose((e) => {
    aroundChanged([e.document.uri]);
    stopTimer(e.document.uri);
    diskChecks.delete(e.document.uri);
    state.service.forget();
    if (isFlyToml(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
}
