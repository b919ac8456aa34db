/**
 * What the app listens on, from its start command: the command is followed through shells, init wrappers and
 * package.json scripts to a server of servers.ts, whose flags, environment and defaults give the host and port.
 * Anything it cannot follow (a wrapper script, a variable it cannot resolve, a server it does not know, a config
 * file that may set the address) leaves that part unknown: the rules say nothing then.
 */
import { positions } from "../../../../core/lines";
import { substitute } from "./dockerfile";
import type { Around } from "./files";
import { SERVERS, type ServerSpec } from "./servers";

/** Where a piece of evidence is: a file and a 0-based line, and what was found there in a few words. */
export interface Evidence {
  path: string;
  line: number;
  found: string;
}

export interface Listen {
  /** The server started (its name, docs and flags). */
  spec: ServerSpec;
  /** How the app is started, as found (one of the evidences). */
  command: Evidence;
  host?: { value: string; how: "flag" | "env" | "default"; evidence: Evidence };
  port?: { value: number; how: "flag" | "env" | "default"; evidence: Evidence };
}

/** A command to follow: its words, the environment it runs with, and where it was found. */
export interface Start {
  argv: string[];
  env: Map<string, { value: string; evidence?: Evidence }>;
  evidence: Evidence;
  /** Words come from a shell, which expands $VAR; an exec-form argv reaches the program as written. */
  shell?: boolean;
}

/** Shell words of a simple command; undefined for what a reading cannot follow (pipes, substitutions, redirects). */
export function shellWords(s: string): string[] | undefined {
  if (/\$\(|`|(^|[^|])\|(?!\|)|[<>]|(^|[^&])&(?!&)/.test(s)) return undefined;
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += s.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\" && j + 1 < s.length) j++;
        cur += s[j];
      }
      if (j >= s.length) return undefined;
      i = j;
      inWord = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else if (c === "#" && !inWord) break;
    else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** $VAR and ${VAR:-default} from the environment; undefined when one is not set (an empty value counts as unset). */
function expand(word: string, env: Start["env"]): string | undefined {
  return substitute(word, (name) => env.get(name)?.value || undefined);
}

const SHELLS = /^(\/usr)?(\/bin\/)?(ba|da|a)?sh$/;
/** Init wrappers that run the rest of the command as it is (tini, dumb-init, the official images' entrypoint). */
const PASS_THROUGH = /^(\/(usr\/)?(s?bin|local\/bin)\/)?(tini|dumb-init|docker-entrypoint\.sh)$/;
const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);
/** A command's program as the servers table names it: no directory, no .js/.cjs/.mjs (node_modules/.bin/next.js). */
const programOf = (word: string) => base(word).replace(/\.(js|cjs|mjs)$/, "");

/** The last simple command of a shell script (`a && b && exec c` is c), its leading VAR=value assignments applied. */
function lastCommand(script: string, env: Start["env"], evidence: Evidence): Start | undefined {
  const parts = script.split(/&&|;|\|\|/);
  const words = shellWords(parts[parts.length - 1].trim());
  if (!words?.length) return undefined;
  const own = new Map(env);
  while (words.length && /^[A-Za-z_]\w*=/.test(words[0])) {
    const w = words.shift()!;
    const i = w.indexOf("=");
    const v = expand(w.slice(i + 1), own);
    if (v === undefined) own.delete(w.slice(0, i));
    else own.set(w.slice(0, i), { value: v, evidence });
  }
  while (words[0] === "exec") words.shift();
  return { argv: words, env: own, evidence, shell: true };
}

const SCRIPT_RUNNERS: Record<string, (argv: string[]) => { script: string; rest: string[] } | undefined> = {
  npm: (a) =>
    a[1] === "start"
      ? { script: "start", rest: dashDash(a.slice(2)) }
      : /^run(-script)?$/.test(a[1] ?? "") && a[2]
        ? { script: a[2], rest: dashDash(a.slice(3)) }
        : undefined,
  yarn: (a) =>
    a[1] === "run" && a[2]
      ? { script: a[2], rest: a.slice(3) }
      : a[1] && !a[1].startsWith("-")
        ? { script: a[1], rest: a.slice(2) }
        : undefined,
  pnpm: (a) =>
    a[1] === "run" && a[2]
      ? { script: a[2], rest: dashDash(a.slice(3)) }
      : a[1] === "start"
        ? { script: "start", rest: dashDash(a.slice(2)) }
        : undefined,
  bun: (a) => (a[1] === "run" && a[2] ? { script: a[2], rest: a.slice(3) } : undefined),
};

/** npm passes what follows `--` to the script. */
function dashDash(rest: string[]): string[] {
  return rest[0] === "--" ? rest.slice(1) : rest;
}

/**
 * Follows a command to the server it starts (at most a few steps: a shell, a wrapper, a package.json script,
 * npx); undefined when it leads somewhere this reading cannot go.
 */
export function follow(start: Start, around: Around, depth = 0): Start | undefined {
  if (depth > 6) return undefined;
  const argv = start.argv;
  if (!argv.length) return undefined;
  const prog = base(argv[0]);
  if (SHELLS.test(argv[0]) || SHELLS.test(prog)) {
    const c = argv.indexOf("-c");
    if (c < 0 || c + 1 >= argv.length) return undefined;
    const next = lastCommand(argv[c + 1], start.env, start.evidence);
    return next && follow(next, around, depth + 1);
  }
  if (PASS_THROUGH.test(argv[0])) {
    const rest = argv.slice(1).filter((w, i) => !(i === 0 && w === "--"));
    return follow({ ...start, argv: rest[0] === "--" ? rest.slice(1) : rest }, around, depth + 1);
  }
  if (prog === "npx" || prog === "bunx" || (prog === "pnpm" && argv[1] === "exec") || (prog === "yarn" && argv[1] === "exec")) {
    const rest = argv.slice(prog === "npx" || prog === "bunx" ? 1 : 2).filter((w) => !/^(-y|--yes)$/.test(w));
    return follow({ ...start, argv: rest }, around, depth + 1);
  }
  const runner = SCRIPT_RUNNERS[prog]?.(argv);
  if (runner) {
    const pkg = around.read("package.json");
    if (!pkg) return undefined;
    let scripts: unknown;
    try {
      scripts = (JSON.parse(pkg.text) as { scripts?: unknown }).scripts;
    } catch {
      return undefined;
    }
    const script = (scripts as Record<string, unknown> | undefined)?.[runner.script];
    if (typeof script !== "string") return undefined;
    const line = positions(pkg.text)(Math.max(0, pkg.text.indexOf(JSON.stringify(runner.script) + ":"))).line;
    const evidence = { path: pkg.path, line, found: `"${runner.script}": ${JSON.stringify(script)}` };
    const next = lastCommand(script + (runner.rest.length ? " " + runner.rest.map(quoteWord).join(" ") : ""), start.env, evidence);
    return next && follow(next, around, depth + 1);
  }
  // python -m module …: the module is the program
  if (/^python(3(\.\d+)?)?$/.test(prog) && argv[1] === "-m" && argv[2]) return { ...start, argv: [argv[2], ...argv.slice(3)] };
  return start;
}

function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

/** The spec whose program, script and subcommand the command line matches, and the index of its first argument. */
export function matchServer(argv: string[]): { spec: ServerSpec; args: number } | undefined {
  const prog = programOf(argv[0] ?? "");
  for (const spec of SERVERS) {
    if (!spec.program.includes(prog)) continue;
    let i = 1;
    if (spec.script) {
      if (!argv[i] || !spec.script.test(argv[i])) continue;
      i++;
    }
    if (spec.sub) {
      const word = argv[i] ?? "";
      if (spec.sub.includes(word)) i += word ? 1 : 0;
      else if (spec.sub.includes("") && (word === "" || word.startsWith("-"))) {
        // `vite` alone, or followed by flags, is `vite dev`
      } else continue;
    }
    return { spec, args: i };
  }
  return undefined;
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|::1|\[::1\])$/i;
export const isLoopback = (host: string) => LOOPBACK.test(host);

/** `host:port`, `:port`, `port`, `tcp://host:port`, `[::]:port`. */
function address(s: string): { host?: string; port?: number } | undefined {
  const m = /^(?:tcp:\/\/)?(?:(\[[^\]]*\]|[^:/]*):)?(\d+)$/.exec(s);
  if (m) return { host: m[1] || undefined, port: Number(m[2]) };
  if (/^(unix|fd):/.test(s)) return undefined;
  return /^[\w.[\]:-]+$/.test(s) && !/^\d+$/.test(s) ? { host: s } : undefined;
}

/** What the command listens on, with where each part was found; undefined when the server is not one we know. */
export function listenOf(start: Start, around: Around): Listen | undefined {
  // without a shell, "$PORT" reaches the program as it is: nothing to rely on
  const argv = start.argv.map((w) => (start.shell ? expand(w, start.env) : w.includes("$") ? undefined : w));
  const known = argv.findIndex((w) => w === undefined);
  const words = known < 0 ? (argv as string[]) : (argv.slice(0, known) as string[]);
  if (!words.length) return undefined;
  const m = matchServer(words);
  if (!m) return undefined;
  const { spec } = m;
  const ev = start.evidence;
  const out: Listen = { spec, command: ev };
  // a word that could not be resolved: everything after it is unknown, and so is what it may have set; likewise an
  // environment variable that may carry the address itself
  if (known >= 0 || spec.opaqueEnv?.some((n) => start.env.has(n))) return out;
  let host: string | undefined | null;
  let port: number | undefined | null;
  let positional = false;
  for (let i = m.args; i < words.length; i++) {
    const w = words[i];
    const [flag, inline] =
      w.startsWith("-") && w.includes("=") ? [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)] : [w, undefined];
    const value = () => inline ?? words[++i];
    if (spec.opaqueFlags?.includes(flag)) return out;
    if (spec.hostFlags?.includes(flag)) {
      const next = inline ?? words[i + 1];
      if (spec.bareHostIsAll && (next === undefined || next.startsWith("-"))) host = "0.0.0.0";
      else host = value() ?? null;
    } else if (spec.portFlags?.includes(flag)) {
      const v = Number(value());
      port = Number.isInteger(v) ? v : null;
    } else if (spec.bindFlags?.includes(flag)) {
      const a = address(value() ?? "");
      if (!a) return out;
      // several binds: the app listens on more than one address; nothing is relied on
      if (host !== undefined || port !== undefined) return out;
      host = a.host ?? (a.port !== undefined ? "0.0.0.0" : undefined);
      port = a.port ?? null;
    } else if (spec.positionalAddress && !w.startsWith("-") && !positional) {
      positional = true;
      const a = address(w);
      if (a) {
        if (a.host !== undefined) host = a.host;
        if (a.port !== undefined) port = a.port;
      }
    }
  }
  const fromEnv = (names: string[] | undefined) => {
    for (const n of names ?? []) {
      const e = start.env.get(n);
      if (e) return { name: n, ...e };
    }
    return undefined;
  };
  if (host === undefined) {
    const e = fromEnv(spec.hostEnv);
    if (e) out.host = { value: e.value, how: "env", evidence: e.evidence ?? ev };
  } else if (host) out.host = { value: host, how: "flag", evidence: ev };
  if (port === undefined) {
    const e = fromEnv(spec.portEnv);
    if (e && /^\d+$/.test(e.value)) out.port = { value: Number(e.value), how: "env", evidence: e.evidence ?? ev };
    else if (e) port = null;
  } else if (port) out.port = { value: port, how: "flag", evidence: ev };
  // gunicorn binds 0.0.0.0:$PORT when PORT is set and no bind is given
  const portEnv = spec.portEnvBindsAll && host === undefined && port === undefined ? start.env.get(spec.portEnvBindsAll) : undefined;
  if (portEnv) {
    out.host = { value: "0.0.0.0", how: "env", evidence: portEnv.evidence ?? ev };
    if (/^\d+$/.test(portEnv.value)) out.port = { value: Number(portEnv.value), how: "env", evidence: portEnv.evidence ?? ev };
    return out;
  }
  // defaults only where no config file beside fly.toml may set the address
  const configured = spec.configFiles?.some((f) => around.read(f) !== undefined);
  if (configured) return out;
  if (!out.host && host === undefined && spec.defaultHost) out.host = { value: spec.defaultHost, how: "default", evidence: ev };
  if (!out.port && port === undefined && spec.defaultPort) out.port = { value: spec.defaultPort, how: "default", evidence: ev };
  return out;
}
