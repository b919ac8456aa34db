// A minimal LSP client over stdio for the protocol tests: vscode-jsonrpc's stream reader and writer frame the
// messages; this keeps every message the server sends (its notifications and its requests) for the tests to read.
import { spawn } from "node:child_process";
import { StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { join } from "node:path";
import { root } from "./service.mjs";

export class LspClient {
  /** Every server still running: a test file stops them all in its `after` hook, so a failing test never leaves one. */
  static live = new Set();

  static killAll() {
    for (const c of LspClient.live) c.kill();
  }

  constructor(args = ["lsp", "--stdio"], opts = {}) {
    const command = opts.command ?? process.execPath;
    const argv = opts.command ? args : [...(opts.nodeArgs ?? []), join(root, "bin", "fly-toml.js"), ...args];
    this.proc = spawn(command, argv, { stdio: ["pipe", "pipe", "pipe"], cwd: opts.cwd, env: opts.env });
    LspClient.live.add(this);
    this.proc.on("exit", () => LspClient.live.delete(this));
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.stderr = "";
    this.reader = new StreamMessageReader(this.proc.stdout);
    this.writer = new StreamMessageWriter(this.proc.stdin);
    this.reader.listen((msg) => this.onMessage(msg));
    this.proc.stderr.on("data", (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.proc.on("exit", (code, signal) => resolve({ code, signal })));
  }

  onMessage(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      else p?.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined && msg.method) {
      // a request from the server (workspace/configuration, client/registerCapability…), kept for the tests
      (this.serverRequests ??= []).push(msg);
      const result = msg.method === "workspace/configuration" ? msg.params.items.map(() => this.configuration ?? null) : null;
      this.send({ jsonrpc: "2.0", id: msg.id, result });
      return;
    }
    this.notifications.push(msg);
    this.waiters = this.waiters.filter((w) => !(w.test(msg) && (w.resolve(msg), true)));
  }

  send(msg) {
    // a write after the server exited (a test that kills it) is not a failure of the test
    this.writer.write(msg).catch(() => undefined);
  }

  request(method, params, timeoutMs = 10000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /** Resolves with the first notification (already received or future) that passes `test`. */
  waitFor(test, timeoutMs = 10000, { fresh = false } = {}) {
    if (!fresh) {
      const seen = this.notifications.find(test);
      if (seen) return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for a notification")), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  diagnosticsFor(uri, version) {
    return this.waitFor(
      (m) =>
        m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && (version === undefined || m.params.version === version),
    );
  }

  async initialize(capabilities = {}, initializationOptions) {
    const result = await this.request("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } }, ...capabilities },
      initializationOptions,
    });
    this.notify("initialized", {});
    return result;
  }

  async shutdown() {
    await this.request("shutdown", null);
    this.notify("exit", null);
    return this.exited;
  }

  kill() {
    this.proc.kill("SIGKILL");
  }
}
