/** Writing a fixed fly.toml back: atomically, through symlinks, keeping the file's mode and owner. */
import { accessSync, chmodSync, chownSync, constants, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export class WriteError extends Error {}

const why = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "EACCES" || code === "EPERM"
    ? "permission denied"
    : code === "EROFS"
      ? "read-only file system"
      : (code ?? (e as Error).message);
};

/**
 * Replaces the file's text. A symlink stays a link and its target gets the text; the mode and owner stay; the
 * text goes to a temporary file beside the target first, so an interrupted write never leaves half a file
 * (except for a file with several hard links, which is written in place so every link sees the change).
 * A file nobody may write (mode without write bits, or no write access) is not touched.
 */
export function writeKeepingFile(file: string, text: string): void {
  let target: string;
  let st;
  try {
    target = realpathSync(file);
    st = statSync(target);
  } catch (e) {
    throw new WriteError(`cannot write ${file}: ${why(e)}`);
  }
  let writable = (st.mode & 0o222) !== 0;
  try {
    accessSync(target, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new WriteError(`cannot write ${file}: it is read-only`);
  if (st.nlink > 1) {
    try {
      writeFileSync(target, text);
      return;
    } catch (e) {
      throw new WriteError(`cannot write ${file}: ${why(e)}`);
    }
  }
  const tmp = join(dirname(target), `.${basename(target)}.fly-toml-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: "wx", mode: 0o600 });
    chmodSync(tmp, st.mode & 0o7777);
    try {
      chownSync(tmp, st.uid, st.gid);
    } catch {
      // only root may give a file away; anyone else wrote it as its owner already
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new WriteError(`cannot write ${file}: ${why(e)}`);
  }
}
