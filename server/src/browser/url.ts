/**
 * node:url in the browser bundle: the server turns file paths into URIs only for files read from disk, and in a web
 * worker there is none (no file: document is ever read there). The two functions keep their Node meaning for
 * POSIX paths.
 */
export function fileURLToPath(url: string | URL): string {
  const u = typeof url === "string" ? new URL(url) : url;
  if (u.protocol !== "file:") throw new TypeError("The URL must be of scheme file");
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${path.split("/").map(encodeURIComponent).join("/")}`);
}
