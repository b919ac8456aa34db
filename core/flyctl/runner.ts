/** Runs a program without a shell, with a timeout and cancellation; the one place that spawns flyctl. */
import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** flyctl loads ./fly.toml before anything else, and a broken one fails every command: run it elsewhere. */
  cwd?: string;
  /** Written to the program's standard input, which is then closed (a secret's value: never an argument). */
  input?: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** The spawn itself failed (ENOENT, EACCES…). */
  spawnError?: NodeJS.ErrnoException;
}

const MAX_OUTPUT = 4 * 1024 * 1024;
/**
 * After the program exits, how long its output pipes may stay open: a process it started (flyctl's update
 * check, a shell's child) can hold them for minutes, and the answer is complete once the program has exited.
 */
const DRAIN_MS = 300;
const WINDOWS = process.platform === "win32";

/** Ends the program and everything it started: its own process group (POSIX), or its tree (taskkill /T). */
function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (WINDOWS)
      spawn("taskkill", ["/pid", String(child.pid), "/T", "/F"], { windowsHide: true, stdio: "ignore" }).on("error", () => undefined);
    else process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
    child.kill(signal);
  }
}

export function run(file: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    // cancelled before it started (it waited for a free slot): nothing is spawned
    if (o.signal?.aborted) return resolve({ code: null, stdout, stderr, timedOut, cancelled: true });
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = (r: Omit<RunResult, "stdout" | "stderr" | "timedOut" | "cancelled">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      o.signal?.removeEventListener("abort", onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ ...r, stdout, stderr, timedOut, cancelled });
    };
    const child = spawn(file, [...args], {
      shell: false,
      windowsHide: true,
      // its own process group, so a timeout or a cancel ends whatever it started too
      detached: !WINDOWS,
      cwd: o.cwd ?? tmpdir(),
      env: { ...(o.env ?? process.env), NO_COLOR: "1" },
      stdio: [o.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (o.input !== undefined) {
      // a program that exits without reading it closes the pipe: that is not an error of ours
      child.stdin?.on("error", () => undefined);
      child.stdin?.end(o.input);
    }
    // At the limit (or on cancel) the result is final at once, whatever the pipes do: the group gets SIGTERM, and
    // SIGKILL two seconds later (what it started may outlive it)
    const stop = () => {
      killTree(child, "SIGTERM");
      if (!WINDOWS) setTimeout(() => killTree(child, "SIGKILL"), 2000).unref();
      finish({ code: null });
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, o.timeoutMs ?? 30_000);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    child.on("error", (e) => finish({ code: null, spawnError: e as NodeJS.ErrnoException }));
    child.on("exit", (code) => {
      drainTimer = setTimeout(() => finish({ code }), DRAIN_MS);
    });
    child.on("close", (code) => finish({ code }));
  });
}
