/** Which files are a Fly app's config: fly.toml and fly.<anything>.toml (fly.staging.toml…), in every form a tool needs. */

/** A file name (no directory). */
export const FLY_TOML_NAME = /^fly(\.[^/\\]+)?\.toml$/;

/** A path or URI that ends in such a name. */
const FLY_TOML_PATH = /(^|[/\\])fly(\.[^/\\]+)?\.toml$/;

/** The glob for VS Code's findFiles and file watchers. */
export const FLY_TOML_GLOB = "**/{fly.toml,fly.*.toml}";

const FLY_TOML_PATTERNS = ["**/fly.toml", "**/fly.*.toml"];

/**
 * The documents the language client syncs. On the desktop: a fly.toml on disk or in a virtual workspace
 * (vscode-vfs: Remote Repositories), and untitled buffers; not other schemes, such as git: (the old side of a diff).
 * On the web (vscode.dev, github.dev) any scheme: the folder itself may be vscode-vfs, vscode-remote or file.
 */
export function documentSelector(web: boolean): { scheme?: string; language: string; pattern?: string }[] {
  const schemes = web ? [undefined] : ["file", "vscode-vfs"];
  return [
    ...schemes.flatMap((scheme) =>
      FLY_TOML_PATTERNS.map((pattern) => (scheme ? { scheme, language: "toml", pattern } : { language: "toml", pattern })),
    ),
    { scheme: "untitled", language: "toml" },
  ];
}

/** Whether a document URI is a fly.toml (query and fragment ignored, percent-escapes decoded). */
export function isFlyToml(uri: string): boolean {
  const path = uri.replace(/[?#].*$/, "");
  try {
    return FLY_TOML_PATH.test(decodeURIComponent(path));
  } catch {
    return FLY_TOML_PATH.test(path);
  }
}
