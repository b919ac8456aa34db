/** flyctl as the extension uses it: find it, run a command description, and say what happened in one of a few kinds. */
import { BadAnswer, InvalidArgument, version, type FlyctlCommand } from "./commands";
import { locateFlyctl, type LocateOptions } from "./locate";
import { run, type RunOptions } from "./runner";

export type FailureKind = "not-installed" | "not-logged-in" | "app-not-found" | "failed" | "timed-out" | "cancelled";

export type FlyctlResult<T> = { ok: true; value: T; stdout: string } | { ok: false; kind: FailureKind; message: string; stdout?: string };

interface FlyctlOptions extends LocateOptions {
  /** Log lines (commands and outcomes, never tokens or environment values). */
  log?: (line: string) => void;
  timeoutMs?: number;
  /** Runs each flyctl process through this: the extension's limit of four at a time, in the order asked. */
  queue?: <T>(task: () => Promise<T>) => Promise<T>;
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Removes anything that looks like a Fly token, and the values of token variables, from text we show or log. */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text.replace(/\b(FlyV1\s+)?(fm[12][ar]?_|fo1_)[A-Za-z0-9_+/=,-]{8,}/g, "[token]");
  for (const name of ["FLY_API_TOKEN", "FLY_ACCESS_TOKEN"]) {
    const v = env[name];
    if (v && v.length >= 8) out = out.split(v).join("[token]");
  }
  return out;
}

/**
 * flyctl's one-line reason: its "Error:" line, without the GraphQL query flyctl puts before the API's answer
 * ("failed to run query($appName: String!) { app(name: …) { … } }: Could not find App": volumes list asks GraphQL).
 */
function flyctlMessage(stderr: string, stdout: string): string {
  const text = (stderr.trim() || stdout.trim()).replace(ANSI, "");
  const line = text.split("\n").find((l) => l.startsWith("Error:")) ?? text.split("\n").filter(Boolean).pop() ?? "";
  return line
    .replace(/^Error:\s*/, "")
    .replace(/failed to run (query|mutation)\s*\(.*\}:\s*/, "")
    .slice(0, 500);
}

/** Fly.io does not know the app, in words (the CLI's --live says it after the app's name). */
export function noSuchAppWords(app: string | undefined): string {
  return `Fly.io has no app ${app ? `named "${app}" ` : "of that name "}that this account can see`;
}

/** What the user reads when Fly.io does not know the app: the same words in the view's rows and in every message. */
export function appNotFoundWords(app: string | undefined): string {
  return `App not found: ${noSuchAppWords(app)}.`;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export class Flyctl {
  constructor(private readonly options: FlyctlOptions = {}) {}

  locate() {
    return locateFlyctl(this.options);
  }

  /** One line for the log: which flyctl is used, found how, and its version ("flyctl: /usr/bin/flyctl (PATH), flyctl v0.4.87 …"). */
  async describe(): Promise<string> {
    const located = this.locate();
    if (!located.found) return `flyctl: ${located.reason}`;
    const v = await this.exec(version());
    return `flyctl: ${located.path} (found through ${located.source})${v.ok ? `, ${v.value}` : `; its version could not be read (${v.message})`}`;
  }

  async exec<T>(cmd: FlyctlCommand<T>, o: Pick<RunOptions, "signal"> = {}): Promise<FlyctlResult<T>> {
    const located = this.locate();
    if (!located.found) return { ok: false, kind: "not-installed", message: located.reason };
    const env = this.options.env ?? process.env;
    const log = this.options.log ?? (() => undefined);
    const timeoutMs = cmd.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    let started = Date.now();
    const spawn = () => ((started = Date.now()), run(located.path, cmd.args, { timeoutMs, signal: o.signal, env, input: cmd.input }));
    const r = await (this.options.queue ? this.options.queue(spawn) : spawn());
    const details: string[] = [];
    const result = this.classify(cmd, r, located.path, env, timeoutMs, (line) => details.push(line));
    // one line a call, with its result and how long it ran (a waiting turn in the queue not counted); a pointer to
    // this channel is not repeated inside it
    const said = result.ok ? "ok" : `${result.kind}: ${result.message.replace(/ \(details in the fly\.toml output channel\)/, "")}`;
    log(`$ flyctl ${cmd.args.join(" ")} → ${said} (${Date.now() - started} ms)`);
    for (const d of details) log(`  ${d}`);
    return result;
  }

  private classify<T>(
    cmd: FlyctlCommand<T>,
    r: Awaited<ReturnType<typeof run>>,
    path: string,
    env: NodeJS.ProcessEnv,
    timeoutMs: number,
    log: (line: string) => void,
  ): FlyctlResult<T> {
    if (r.spawnError) {
      const code = r.spawnError.code;
      return {
        ok: false,
        kind: "not-installed",
        message:
          code === "EACCES" ? `${path} is not executable` : `flyctl could not be started from ${path} (${code ?? r.spawnError.message})`,
      };
    }
    // the words that matter first: a row cut off in the view still says what is wrong
    if (r.cancelled) return { ok: false, kind: "cancelled", message: `Cancelled: ${lower(cmd.title)}` };
    if (r.timedOut)
      return {
        ok: false,
        kind: "timed-out",
        message: `Timed out: flyctl did not answer within ${Math.round(timeoutMs / 1000)} s (${lower(cmd.title)}); network trouble?`,
      };
    const message = redact(flyctlMessage(r.stderr, r.stdout), env);
    if (/no access token available|You must be logged in|session has expired/i.test(r.stderr))
      return { ok: false, kind: "not-logged-in", message: "Not logged in: flyctl has no Fly.io session (log in with flyctl auth login)" };
    // GraphQL says "Could not find App", the Machines API "app not found" (flyctl's machines list asks the Machines API, volumes list GraphQL)
    if (/Could not find App|\bapp not found\b/i.test(r.stderr))
      return { ok: false, kind: "app-not-found", message: appNotFoundWords(cmd.app) };
    if (r.code !== 0) return { ok: false, kind: "failed", message: message || `flyctl exited with code ${r.code}`, stdout: r.stdout };
    try {
      return { ok: true, value: cmd.parse(r.stdout), stdout: r.stdout };
    } catch (e) {
      if (e instanceof BadAnswer) log(redact(e.detail, env));
      if (e instanceof InvalidArgument) return { ok: false, kind: "failed", message: redact(e.message, env) };
      throw e;
    }
  }
}
