/** flyctl command lines as a shell takes them: typed into a terminal (`fly auth login`), or shown in a plan. */
import { basename } from "node:path";

type Located = Pick<import("../../core/flyctl/locate").Located, "found"> & { path?: string; source?: string };

function quoter(platform: NodeJS.Platform) {
  return (s: string) => (platform === "win32" ? `'${s.replace(/'/g, "''")}'` : `'${s.replace(/'/g, `'\\''`)}'`);
}

/** How a shell runs the flyctl that was found: its name when it came from PATH, else its path, quoted. */
export function flyctlInvocation(located: Located, platform: NodeJS.Platform = process.platform): string {
  if (!located.found || !located.path) return "fly";
  const quote = quoter(platform);
  if (located.source === "PATH") return basename(located.path).replace(/\.exe$/i, "");
  return platform === "win32" ? `& ${quote(located.path)}` : quote(located.path);
}

/** A flyctl command line, for the flyctl that was found: arguments with anything a shell reads specially quoted. */
export function commandLine(located: Located, args: readonly string[], platform: NodeJS.Platform = process.platform): string {
  const quote = quoter(platform);
  return [flyctlInvocation(located, platform), ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : quote(a)))].join(" ");
}
