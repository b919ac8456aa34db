/** Runs a program without a shell, with a timeout and cancellation; the one place that spawns flyctl. */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** flyctl loads ./fly.toml before anything else, and a broken one fails every command: run it elsewhere. */
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** The spawn itself failed (ENOENT, EACCES…). */
  spawnError?: NodeJS.ErrnoException;
}

const MAX_OUTPUT = 4 * 1024 * 1024;

export function run(file: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    // cancelled before it started (it waited for a free slot): nothing is spawned
    if (o.signal?.aborted) return resolve({ code: null, stdout, stderr, timedOut, cancelled: true });
    const finish = (r: Omit<RunResult, "stdout" | "stderr" | "timedOut" | "cancelled">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      o.signal?.removeEventListener("abort", onAbort);
      resolve({ ...r, stdout, stderr, timedOut, cancelled });
    };
    const child = spawn(file, [...args], {
      shell: false,
      windowsHide: true,
      cwd: o.cwd ?? tmpdir(),
      env: { ...(o.env ?? process.env), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), 2000);
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
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    child.on("error", (e) => finish({ code: null, spawnError: e as NodeJS.ErrnoException }));
    child.on("close", (code) => finish({ code }));
  });
}
