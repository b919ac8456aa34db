/** Finding the flyctl binary: the setting, then $FLYCTL_INSTALL, then flyctl/fly on PATH, then ~/.fly/bin. */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join } from "node:path";

export interface LocateOptions {
  /** flyToml.flyctlPath (machine scope); ignored when the workspace is not trusted. */
  setting?: string;
  trusted?: boolean;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export type Located =
  { found: true; path: string; source: "setting" | "FLYCTL_INSTALL" | "PATH" | "~/.fly/bin" } | { found: false; reason: string };

function isExecutableFile(p: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (platform !== "win32") accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Environment lookup that ignores case on Windows (Path vs PATH). */
function envGet(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== "win32") return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key ? env[key] : undefined;
}

export function locateFlyctl(o: LocateOptions = {}): Located {
  const env = o.env ?? process.env;
  const platform = o.platform ?? process.platform;
  const home = o.home ?? homedir();
  const exe = (name: string) => (platform === "win32" ? [`${name}.exe`, name] : [name]);

  const setting = o.setting?.trim();
  if (setting && o.trusted !== false) {
    const p = setting.startsWith("~") ? join(home, setting.slice(1)) : setting;
    if (!isAbsolute(p)) return { found: false, reason: `flyToml.flyctlPath must be an absolute path, not "${setting}"` };
    if (isExecutableFile(p, platform)) return { found: true, path: p, source: "setting" };
    return { found: false, reason: `flyToml.flyctlPath points at ${p}, which is not an executable file` };
  }
  const install = envGet(env, "FLYCTL_INSTALL", platform);
  if (install)
    for (const n of exe("flyctl")) {
      const p = join(install, "bin", n);
      if (isExecutableFile(p, platform)) return { found: true, path: p, source: "FLYCTL_INSTALL" };
    }
  for (const dir of (envGet(env, "PATH", platform) ?? "").split(delimiter)) {
    // an empty entry (or ".") would mean the current directory: never run a workspace's own "flyctl"
    if (!dir || dir === "." || !isAbsolute(dir)) continue;
    for (const name of ["flyctl", "fly"])
      for (const n of exe(name)) {
        const p = join(dir, n);
        if (isExecutableFile(p, platform)) return { found: true, path: p, source: "PATH" };
      }
  }
  for (const n of exe("flyctl")) {
    const p = join(home, ".fly", "bin", n);
    if (isExecutableFile(p, platform)) return { found: true, path: p, source: "~/.fly/bin" };
  }
  return {
    found: false,
    reason: "flyctl was not found (looked at flyToml.flyctlPath, $FLYCTL_INSTALL, flyctl and fly on PATH, and ~/.fly/bin)",
  };
}
