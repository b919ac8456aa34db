/** What the parts of the language server share: the connection, the documents, the service and what the client said. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Connection, TextDocuments } from "vscode-languageserver/node";
import { isFlyToml } from "../../../core/files";
import type { Ip } from "../../../core/ips";
import type { AppState, Machine, Secret, Volume } from "../../../core/live";
import type { ServerSettings } from "../../../core/protocol";
import { fileURLToPath } from "node:url";
import type { LanguageService } from "../service";
import type { Around } from "../service/around/files";

interface ClientInfo {
  snippetSupport: boolean;
  /** The VS Code client: it has the Fly commands (release public IPs…). */
  clientCommands: boolean;
  /** It resolves code actions, so "fix all" can be listed without its edit. */
  resolvesEdits: boolean;
  configurationSupport: boolean;
  /** It can be asked to watch files (workspace/didChangeWatchedFiles, registered dynamically). */
  watchesFiles: boolean;
}

/** Where the files around a fly.toml come from (around-disk.ts's AroundCache in Node). */
export interface AroundHost {
  /** The files around the fly.toml at this path. */
  for(flyTomlPath: string): Around;
  /** Forgets a changed file; returns the fly.toml paths that read it (to check again). */
  changed(path: string): string[];
}

export interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  client: ClientInfo;
  settings: ServerSettings;
  /** Each document's app state: addresses, Machines, volumes (each null while unknown). */
  live: Map<string, AppState>;
  /** The files around each fly.toml (Dockerfile, package.json), read from disk once and again when they change. */
  around: AroundHost;
  /** A formatter is there to offer (not in a web worker). */
  formats: boolean;
  /** A file's bytes on disk (undefined without a disk, or when it cannot be read). */
  readBytes?: (path: string) => Uint8Array | undefined;
  /** Checks a document now and publishes its diagnostics (never an older version's over a newer one). */
  validate(doc: TextDocument): Promise<void>;
}

/** The files around a document on disk; null for other schemes (an untitled buffer has nothing around it). */
export function aroundOf(state: ServerState, uri: string): Around | null {
  if (!uri.startsWith("file:")) return null;
  try {
    return state.around.for(fileURLToPath(uri));
  } catch {
    return null;
  }
}

/** The open document behind a request, if it is a fly.toml. */
export function docFor(state: ServerState, uri: string): TextDocument | undefined {
  const d = state.documents.get(uri);
  return d && isFlyToml(uri) ? d : undefined;
}

/*
 * What a setAppState notification carries, checked as far as the rules dereference it. Not the zod schemas of
 * core/ip-list.ts and core/live-list.ts: loading zod costs the server as much as its own start-up, and the VS Code
 * client has already read flyctl's JSON with them; these refuse what another client might send malformed.
 */
export function isIpList(v: unknown): v is Ip[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === "object" && typeof x.Type === "string" && typeof x.Address === "string");
}

export function isMachineList(v: unknown): v is Machine[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === "object" && typeof x.id === "string" && typeof x.state === "string");
}

export function isVolumeList(v: unknown): v is Volume[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === "object" && typeof x.id === "string" && typeof x.name === "string");
}

export function isSecretList(v: unknown): v is Secret[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === "object" && typeof x.name === "string");
}
