/** What the service may read beside a fly.toml: the Dockerfile the build uses, package.json, a server's config file. */

export interface AroundFile {
  /** Where it is, as the host names it (an absolute path on disk); diagnostics point at it. */
  path: string;
  text: string;
}

/**
 * The files around one fly.toml, read by the host (the language server, the CLI) and handed to the service, which
 * stays pure. `read` takes a path relative to fly.toml's directory; undefined: missing, not a regular file, too
 * large or unreadable (the host logs why). Without an Around (standard input, an untitled buffer) the rules that
 * need these files stay silent.
 */
export interface Around {
  read(relative: string): AroundFile | undefined;
}

/** An Around over an in-memory map (tests, the docs' examples): keys are paths relative to fly.toml. */
export function aroundOf(files: Record<string, string>, dir = "/app"): Around {
  return {
    read: (relative) => (relative in files ? { path: `${dir}/${relative.replace(/^\.\//, "")}`, text: files[relative] } : undefined),
  };
}
