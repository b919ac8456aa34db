/**
 * An edit of the Dockerfile that is one flag of the server's command: a host or a port flag set or added on the
 * CMD/ENTRYPOINT line that starts the server directly (no shell script, no wrapper, one line). Anything more is
 * left to the user: the finding says what to change.
 */
import { SERVERS, type ServerSpec } from "./servers";
import { matchServer, shellWords } from "./listen";

interface FlagChange {
  /** The flag's names, the first one used when it is added. */
  flags: string[];
  value: string;
}

/** A server's flags, the long form first: it reads best in a Dockerfile and in a message. */
const longFirst = (flags: string[] | undefined) => (flags?.length ? [...flags].sort((a, b) => b.length - a.length) : undefined);

/** The flag that sets the host (or the port) of a server, and what it is set to; undefined when it has none. */
export function flagFor(spec: ServerSpec, part: "host" | "port", value: string): FlagChange | undefined {
  const flags = longFirst(part === "host" ? spec.hostFlags : spec.portFlags);
  return flags && { flags, value };
}

/** The line with the flag set (its value replaced, or the flag added at the end); undefined when it is not one flag. */
export function withFlag(line: string, spec: ServerSpec, change: FlagChange): string | undefined {
  const m = /^(\s*(?:CMD|ENTRYPOINT)\s+)(.*?)\s*$/i.exec(line);
  if (!m || m[2].endsWith("\\") || m[2].endsWith("`")) return undefined;
  // the line starts this very server itself (no shell, no wrapper in front of it)
  const starts = (argv: string[]) => matchServer(argv)?.spec === spec;
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

/** The Dockerfile line with the named server's host or port flag set; undefined when that is not one flag. */
export function withDockerfileFlag(line: string, server: string, part: "host" | "port", value: string): string | undefined {
  const spec = SERVERS.find((s) => s.name === server);
  const change = spec && flagFor(spec, part, value);
  return change && withFlag(line, spec, change);
}

/** How to make a server listen on every address, in words: its host flag, or its bind flag with the port. */
export function listenEverywhereWords(spec: ServerSpec, port: number): string {
  const host = longFirst(spec.hostFlags)?.[0];
  if (host) return `start ${spec.name} with ${host} 0.0.0.0`;
  const bind = longFirst(spec.bindFlags)?.[0];
  return bind ? `start ${spec.name} with ${bind} 0.0.0.0:${port}` : `make ${spec.name} listen on 0.0.0.0`;
}
