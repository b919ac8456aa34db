/**
 * A Dockerfile read as far as the app's start matters: its stages and, for the stage the build uses, the
 * environment, exposed ports, CMD and ENTRYPOINT with their lines. Never throws: what it cannot read is left out.
 * Syntax (docs.docker.com/reference/dockerfile/): parser directives (`# escape=`), line continuations, heredocs
 * (`<<EOF` … `EOF`), exec form (a JSON array) and shell form, `$VAR` / `${VAR}` / `${VAR:-default}` substitution
 * from ARG and ENV, and ENTRYPOINT resetting an inherited CMD.
 */

interface Instruction {
  /** Upper-case keyword: FROM, ENV, CMD… */
  keyword: string;
  /** The rest of the instruction, continuations joined. */
  args: string;
  /** 0-based line of the keyword. */
  line: number;
}

export interface Stage {
  name?: string;
  base: string;
  instructions: Instruction[];
}

/** A command as the image runs it: exec form (argv) or shell form (run by /bin/sh -c). */
export interface ImageCommand {
  argv: string[];
  shell: boolean;
  line: number;
}

/** A Dockerfile read once: its stages, and its lines (what evidence and edits quote). */
export interface Dockerfile {
  stages: Stage[];
  lines: string[];
}

export interface ImageConfig {
  /** The Dockerfile's lines, as read (no line breaks). */
  lines: string[];
  env: Map<string, { value: string; line: number }>;
  expose: { port: number; line: number }[];
  cmd?: ImageCommand;
  entrypoint?: ImageCommand;
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  let escape = "\\";
  // parser directives: only at the very top, before any other comment or instruction
  for (const l of lines) {
    const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(l);
    if (!m) break;
    if (m[1].toLowerCase() === "escape" && (m[2] === "`" || m[2] === "\\")) escape = m[2];
  }
  const stages: Stage[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (/^\s*(#|$)/.test(first)) continue;
    const start = i;
    let joined = first;
    // a line ending with the escape character goes on; comment lines inside are dropped
    while (joined.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      joined = joined.trimEnd().slice(0, -1);
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i])) i++;
      if (i < lines.length) joined += " " + lines[i];
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(joined);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    const args = m[2].trim();
    // heredocs: the body lines up to their terminator are not instructions
    for (const h of args.matchAll(/<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)) {
      const end = h[1];
      while (i + 1 < lines.length && lines[i + 1].trim() !== end) i++;
      if (i + 1 < lines.length) i++;
    }
    if (keyword === "FROM") {
      const f = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      stages.push({ base: f?.[1] ?? "", name: f?.[2]?.toLowerCase(), instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push({ keyword, args, line: start });
  }
  return { stages, lines };
}

/** $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}; undefined when a variable is not known. */
export function substitute(s: string, vars: (name: string) => string | undefined): string | undefined {
  let unknown = false;
  const out = s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, dflt, bare) => {
    const v = vars(braced ?? bare);
    if (v !== undefined && !(v === "" && dflt !== undefined)) return v;
    if (dflt !== undefined) return dflt;
    unknown = true;
    return "";
  });
  return unknown ? undefined : out;
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) {
    const inner = s.slice(1, -1);
    return s[0] === '"' ? inner.replace(/\\(.)/g, "$1") : inner;
  }
  return s.replace(/\\(.)/g, "$1");
}

/** `KEY=value KEY2="a b"` or the legacy `KEY value`. */
function envPairs(args: string): [string, string][] {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(args)) {
    const m = /^(\S+)\s+(.*)$/s.exec(args);
    return m ? [[m[1], unquote(m[2].trim())]] : [];
  }
  const out: [string, string][] = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*)/g))
    out.push([m[1], unquote(m[2])]);
  return out;
}

function command(args: string, line: number): ImageCommand | undefined {
  if (args.startsWith("[")) {
    try {
      const argv: unknown = JSON.parse(args);
      if (Array.isArray(argv) && argv.every((a) => typeof a === "string")) return { argv, shell: false, line };
    } catch {
      // not JSON: Docker runs it in shell form
    }
  }
  return args ? { argv: [args], shell: true, line } : undefined;
}

/**
 * The image's configuration for the stage the build uses: `target` (fly.toml's `[build] build-target`) or the
 * last one, with what it inherits from earlier stages it is built FROM.
 */
export function imageConfig({ stages, lines }: Dockerfile, target?: string): ImageConfig | undefined {
  const index = target ? stages.findIndex((s) => s.name === target.toLowerCase()) : stages.length - 1;
  if (index < 0) return undefined;
  const config: ImageConfig = { lines, env: new Map(), expose: [] };
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stages[index], guard = 0; s && guard < stages.length; guard++) {
    chain.unshift(s);
    const base = s.base.toLowerCase();
    let from: Stage | undefined;
    for (let i = stages.indexOf(s) - 1; i >= 0 && !from; i--) if (stages[i].name === base) from = stages[i];
    s = from;
  }
  for (const stage of chain) {
    const args = new Map<string, string>();
    const vars = (name: string) => config.env.get(name)?.value ?? args.get(name);
    let cmdSet = false;
    for (const ins of stage.instructions) {
      if (ins.keyword === "ARG") {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.args);
        if (m && m[2] !== undefined) args.set(m[1], unquote(m[2]));
      } else if (ins.keyword === "ENV") {
        for (const [k, v] of envPairs(ins.args)) {
          const value = substitute(v, vars);
          if (value === undefined) config.env.delete(k);
          else config.env.set(k, { value, line: ins.line });
        }
      } else if (ins.keyword === "EXPOSE") {
        for (const word of ins.args.split(/\s+/)) {
          const p = /^(\d+)(\/tcp)?$/i.exec(substitute(word, vars) ?? "");
          if (p) config.expose.push({ port: Number(p[1]), line: ins.line });
        }
      } else if (ins.keyword === "CMD") {
        config.cmd = command(ins.args, ins.line);
        cmdSet = true;
      } else if (ins.keyword === "ENTRYPOINT") {
        config.entrypoint = command(ins.args, ins.line);
        // an ENTRYPOINT resets a CMD the stage inherited (BuildKit's dispatchEntrypoint), not one it set itself
        if (!cmdSet) config.cmd = undefined;
      }
    }
  }
  return config;
}
