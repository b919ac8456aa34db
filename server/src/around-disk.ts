/**
 * The files around a fly.toml, read from disk for the service (the language server and the CLI). Reading is
 * bounded and harmless: regular files only (symlinks followed; no FIFOs, devices or directories), at most 1 MB,
 * relative to fly.toml's directory; a file that cannot be read is silence for the rules plus one line in the log.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Around, AroundFile } from "./service/around/files";

const MAX_AROUND_BYTES = 1024 * 1024;

/** What was read, by absolute path (undefined: missing or refused); kept until invalidated. */
export class AroundCache {
  private readonly files = new Map<string, AroundFile | undefined>();
  /** Which fly.toml files (by path) asked for each path: what to check again when one changes. */
  private readonly dependents = new Map<string, Set<string>>();
  /**
   * `open`: the text of an editor buffer for a path, when the client syncs that file (an unsaved Dockerfile
   * counts as it is in the editor).
   */
  constructor(
    private readonly log: (line: string) => void = () => undefined,
    private readonly open: (path: string) => string | undefined = () => undefined,
  ) {}

  /** The files around the fly.toml at `flyTomlPath`. */
  for(flyTomlPath: string): Around {
    const dir = dirname(flyTomlPath);
    return {
      read: (relative) => {
        const path = resolve(dir, relative);
        let users = this.dependents.get(path);
        if (!users) this.dependents.set(path, (users = new Set()));
        users.add(flyTomlPath);
        const buffer = this.open(path);
        if (buffer !== undefined) return { path, text: buffer };
        if (!this.files.has(path)) this.files.set(path, readAround(path, this.log));
        return this.files.get(path);
      },
    };
  }

  /** Forgets a changed file; returns the fly.toml paths that read it (to check again). */
  changed(path: string): string[] {
    this.files.delete(path);
    return [...(this.dependents.get(path) ?? [])];
  }
}

function readAround(path: string, log: (line: string) => void): AroundFile | undefined {
  const bytes = readBytes(path, log);
  return bytes && { path, text: bytes.toString("utf8") };
}

/** A regular file's bytes, at most 1 MB; undefined (and one log line, unless it is missing) otherwise. */
export function readBytes(path: string, log: (line: string) => void): Buffer | undefined {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      log(`fly-toml: ${path} is not a regular file; it is not read`);
      return undefined;
    }
    size = st.size;
  } catch {
    return undefined; // missing: the ordinary case, nothing to log
  }
  if (size > MAX_AROUND_BYTES) {
    log(`fly-toml: ${path} is larger than 1 MB; it is not read`);
    return undefined;
  }
  try {
    return readFileSync(path);
  } catch (e) {
    log(`fly-toml: ${path} could not be read: ${(e as Error).message}`);
    return undefined;
  }
}
