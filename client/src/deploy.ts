/** The `fly deploy` line the "Run fly deploy" button types into a terminal. */
import { basename } from "node:path";

/** The deploy command line, for the flyctl that was found (typed into a shell, so it is quoted for one). */
export function deployCommand(located: { found: boolean; path?: string; source?: string }, configName: string, platform: NodeJS.Platform = process.platform): string {
  const quote = (s: string) => (platform === "win32" ? `'${s.replace(/'/g, "''")}'` : `'${s.replace(/'/g, `'\\''`)}'`);
  let exe = "fly";
  if (located.found && located.path) {
    const name = basename(located.path).replace(/\.exe$/i, "");
    exe = located.source === "PATH" ? name : platform === "win32" ? `& ${quote(located.path)}` : quote(located.path);
  }
  return configName === "fly.toml" ? `${exe} deploy` : `${exe} deploy -c ${quote(configName)}`;
}
