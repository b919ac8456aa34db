/** Which files are a Fly app's config: fly.toml and fly.<anything>.toml (fly.staging.toml…), in every form a tool needs. */

/** A file name (no directory). */
export const FLY_TOML_NAME = /^fly(\.[^/\\]+)?\.toml$/;

/** A path or URI that ends in such a name. */
const FLY_TOML_PATH = /(^|[/\\])fly(\.[^/\\]+)?\.toml$/;

/** The glob for VS Code's findFiles and file watchers. */
export const FLY_TOML_GLOB = "**/{fly.toml,fly.*.toml}";

/** The document selector patterns of the language client. */
export const FLY_TOML_PATTERNS = ["**/fly.toml", "**/fly.*.toml"];

/** Whether a document URI is a fly.toml (query and fragment ignored, percent-escapes decoded). */
export function isFlyToml(uri: string): boolean {
  const path = uri.replace(/[?#].*$/, "");
  try {
    return FLY_TOML_PATH.test(decodeURIComponent(path));
  } catch {
    return FLY_TOML_PATH.test(path);
  }
}
