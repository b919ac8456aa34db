/** File system errors in words, for the one-line messages of the CLI ("cannot read x: no such file"). */

const WORDS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  EBUSY: "the file is busy",
};

export function errorWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return (code && WORDS[code]) ?? code ?? (e as Error)?.message ?? String(e);
}

/** Usage and I/O errors: one line on stderr, exit 2. */
export class UsageError extends Error {}
