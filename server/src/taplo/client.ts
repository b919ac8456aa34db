/** The language server's side of the taplo worker: started on the first format, replaced after a failure. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { Formatter, FormatterSettings } from "../service/format";

interface TaploOptions {
  /** Path of the bundled worker script. */
  workerPath?: string;
  /** A format that takes longer is abandoned and the worker replaced. */
  timeoutMs?: number;
  /** The worker (and its ~200 MB) is stopped after this long without a format. */
  idleMs?: number;
}

export class TaploFormatter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private idle: NodeJS.Timeout | undefined;
  private readonly workerPath: string;
  private readonly timeoutMs: number;
  private readonly idleMs: number;

  constructor(opts: TaploOptions = {}) {
    // the .vsix ships the formatter bundled with taplo; the npm package a worker that loads @taplo/lib
    const bundled = join(__dirname, "taplo-worker.js");
    this.workerPath = opts.workerPath ?? (existsSync(bundled) ? bundled : join(__dirname, "taplo-worker-lib.js"));
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.idleMs = opts.idleMs ?? 120_000;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  readonly format: Formatter = (text: string, options: FormatterSettings) => {
    const worker = this.start();
    const id = this.nextId++;
    clearTimeout(this.idle);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`formatting took longer than ${this.timeoutMs / 1000}s`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, text, options });
    });
  };

  private start(): Worker {
    if (this.worker) return this.worker;
    // loaded on the first format, not at the server's start
    const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
    const w = new Worker(this.workerPath, { stdout: false, stderr: true });
    // taplo prints its panics to stderr; the server must keep stdout for the protocol
    w.stderr.on("data", () => undefined);
    w.on("message", (m: { id: number; text?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error !== undefined) {
        p.reject(new Error(m.error));
        // a wasm panic leaves the module in an unknown state: use a fresh one next time
        if (/unreachable|panic/i.test(m.error)) this.stop();
      } else p.resolve(m.text!);
      this.scheduleIdle();
    });
    // only the current worker's end concerns the pending requests: a replaced one is expected to exit
    w.on("error", (e) => {
      if (this.worker === w) this.fail(e);
    });
    w.on("exit", () => {
      if (this.worker === w) this.fail(new Error("the formatter stopped unexpectedly"));
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private scheduleIdle(): void {
    clearTimeout(this.idle);
    if (this.pending.size === 0) {
      this.idle = setTimeout(() => this.stop(), this.idleMs);
      this.idle.unref();
    }
  }

  private fail(e: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
    this.stop();
  }

  stop(): void {
    const w = this.worker;
    this.worker = undefined;
    clearTimeout(this.idle);
    if (w) void w.terminate();
  }
}
