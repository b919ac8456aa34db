/** The flyctl command lines typed into a terminal: `fly deploy` (the deploy hint) and `fly auth login`. */
import { basename } from "node:path";

type Located = { found: boolean; path?: string; source?: string };

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

/** The deploy command line, for the flyctl that was found (typed into a shell, so it is quoted for one). */
export function deployCommand(located: Located, configName: string, platform: NodeJS.Platform = process.platform): string {
  const exe = flyctlInvocation(located, platform);
  return configName === "fly.toml" ? `${exe} deploy` : `${exe} deploy -c ${quoter(platform)(configName)}`;
}
