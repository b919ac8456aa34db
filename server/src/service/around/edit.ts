/**
 * An edit of the Dockerfile that is one flag of the server's command: a host or a port flag set or added on the
 * CMD/ENTRYPOINT line that starts the server directly (no shell script, no wrapper, one line). Anything more is
 * left to the user: the finding says what to change.
 */
import { SERVERS, type ServerSpec } from "./servers";
import { shellWords } from "./listen";

export interface FlagChange {
  /** The flag's names, the first one used when it is added. */
  flags: string[];
  value: string;
}

/** The flag that sets the host (or the port) of a server, and what it is set to; undefined when it has none. */
export function flagFor(server: string, part: "host" | "port", value: string): FlagChange | undefined {
  const spec: ServerSpec | undefined = SERVERS.find((s) => s.name === server);
  if (!spec) return undefined;
  const named = part === "host" ? spec.hostFlags : spec.portFlags;
  // the long form reads best in a Dockerfile
  if (named?.length) return { flags: [...named].sort((a, b) => b.length - a.length), value };
  return undefined;
}

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** The line with the flag set (its value replaced, or the flag added at the end); undefined when it is not one flag. */
export function withFlag(line: string, server: string, change: FlagChange): string | undefined {
  const m = /^(\s*(?:CMD|ENTRYPOINT)\s+)(.*?)\s*$/i.exec(line);
  if (!m || m[2].endsWith("\\") || m[2].endsWith("`")) return undefined;
  const spec = SERVERS.find((s) => s.name === server);
  const starts = (argv: string[]) => spec?.program.includes(base(argv[0] ?? "").replace(/\.(js|cjs|mjs)$/, "")) === true;
  if (m[2].startsWith("[")) {
    let argv: unknown;
    try {
      argv = JSON.parse(m[2]);
    } catch {
      return undefined;
    }
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === "string") || !starts(argv)) return undefined;
    const out = setFlag(argv, change);
    return out && `${m[1]}[${out.map((a) => JSON.stringify(a)).join(", ")}]`;
  }
  const words = shellWords(m[2]);
  if (!words || !starts(words) || /["'\\$]/.test(m[2])) return undefined;
  const out = setFlag(words, change);
  return out && `${m[1]}${out.join(" ")}`;
}

function setFlag(argv: string[], change: FlagChange): string[] | undefined {
  const out = [...argv];
  for (let i = 1; i < out.length; i++) {
    const w = out[i];
    const eq = w.indexOf("=");
    if (w.startsWith("-") && eq > 0 && change.flags.includes(w.slice(0, eq))) {
      out[i] = `${w.slice(0, eq)}=${change.value}`;
      return out;
    }
    if (change.flags.includes(w)) {
      if (i + 1 >= out.length || out[i + 1].startsWith("-")) return undefined;
      out[i + 1] = change.value;
      return out;
    }
  }
  return [...out, change.flags[0], change.value];
}

/** The Dockerfile line with the server's host or port flag set; undefined when that is not one flag. */
export function withDockerfileFlag(line: string, server: string, part: "host" | "port", value: string): string | undefined {
  const change = flagFor(server, part, value);
  return change && withFlag(line, server, change);
}

/** How to make a server listen on every address, in words: its host flag, or its bind flag with the port. */
export function listenEverywhereWords(server: string, port: number): string {
  const spec = SERVERS.find((s) => s.name === server);
  const host = flagFor(server, "host", "0.0.0.0");
  if (host) return `start ${server} with ${host.flags[0]} 0.0.0.0`;
  const bind = spec?.bindFlags ? [...spec.bindFlags].sort((a, b) => b.length - a.length)[0] : undefined;
  return bind ? `start ${server} with ${bind} 0.0.0.0:${port}` : `make ${server} listen on 0.0.0.0`;
}
