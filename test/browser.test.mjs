/* global window -- the functions given to page.evaluate run in the page */
// The web extension's language server (dist/browser-server.js), as vscode.dev and github.dev run it: in a web
// worker of Debian's chromium (no VS Code build downloaded, nothing fetched from the internet), spoken to in LSP by
// a page: initialize, didOpen of a fly.toml with a known mistake, its diagnostics, hover, a code action, and
// formatting, which is not offered there.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { root, needsProgram } from "./helpers/service.mjs";

const CHROMIUM = "/usr/bin/chromium";
const found = existsSync(CHROMIUM);
const skip = needsProgram(found, "Debian's chromium (/usr/bin/chromium; test/e2e/setup.sh installs it)");

// the page: a worker running the bundle, and a JSON-RPC client over postMessage (vscode-jsonrpc's browser transport)
const PAGE = `<!doctype html><script>
const worker = new Worker("/browser-server.js");
let next = 0;
const pending = new Map();
window.notes = [];
window.errors = [];
worker.onerror = (e) => window.errors.push(e.message);
worker.onmessage = ({ data: m }) => {
  if (m.id !== undefined && !m.method) { pending.get(m.id)?.(m); pending.delete(m.id); return; }
  if (m.id !== undefined) {
    // requests of the server: its settings (none set) and its registrations
    const result = m.method === "workspace/configuration" ? m.params.items.map(() => ({})) : null;
    worker.postMessage({ jsonrpc: "2.0", id: m.id, result });
    return;
  }
  window.notes.push(m);
};
window.request = (method, params) =>
  new Promise((resolve) => { const id = ++next; pending.set(id, resolve); worker.postMessage({ jsonrpc: "2.0", id, method, params }); });
window.notify = (method, params) => worker.postMessage({ jsonrpc: "2.0", method, params });
</script>`;

let browser;
let server;
after(async () => {
  await browser?.close();
  server?.close();
});

test("the browser bundle serves diagnostics, hover and quick fixes from a web worker; formatting is declined", skip, async () => {
  assert.ok(found, `${CHROMIUM} is installed`);
  const bundle = readFileSync(join(root, "dist", "browser-server.js"));
  server = createServer((req, res) => {
    if (req.url === "/browser-server.js") res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    else res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const page = await browser.newPage();
  const offline = [];
  page.on("request", (r) => !r.url().startsWith("http://127.0.0.1") && offline.push(r.url()));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const request = (method, params) => page.evaluate(([m, p]) => window.request(m, p), [method, params]);
  const notify = (method, params) => page.evaluate(([m, p]) => window.notify(m, p), [method, params]);

  const init = await request("initialize", {
    processId: null,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } } },
    },
  });
  const caps = init.result.capabilities;
  for (const c of ["hoverProvider", "completionProvider", "codeActionProvider", "documentSymbolProvider", "foldingRangeProvider"])
    assert.ok(caps[c], `${c} is offered`);
  // taplo's module is built for Node: no formatter in the browser, so none is offered
  assert.equal(caps.documentFormattingProvider, false);
  await notify("initialized", {});
  // as github.dev names a repository's file
  const uri = "vscode-vfs://github/acme/api/fly.toml";
  const text = 'app = "api"\nkill_signal = "TERM"\n\n[http_service]\n  internal_port = 8080\n';
  await notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  const published = await page.waitForFunction(
    (u) => window.notes.find((n) => n.method === "textDocument/publishDiagnostics" && n.params.uri === u && n.params.diagnostics.length),
    uri,
    { timeout: 20000 },
  );
  const diagnostics = (await published.jsonValue()).params.diagnostics;
  const signal = diagnostics.find((d) => d.code === "kill-signal-invalid");
  assert.ok(signal, JSON.stringify(diagnostics));
  assert.deepEqual(signal.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 20 } });
  assert.match(signal.message, /"TERM" is not a valid `kill_signal`/);

  const hover = await request("textDocument/hover", { textDocument: { uri }, position: { line: 4, character: 5 } });
  assert.match(hover.result.contents.value, /internal_port/);
  const actions = await request("textDocument/codeAction", {
    textDocument: { uri },
    range: signal.range,
    context: { diagnostics: [signal], only: ["quickfix"] },
  });
  const fix = actions.result.find((a) => a.title === 'Change to "SIGTERM"');
  assert.ok(fix, JSON.stringify(actions.result.map((a) => a.title)));
  assert.deepEqual(fix.edit.changes[uri], [{ range: signal.range, newText: '"SIGTERM"' }]);

  const format = await request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.match(format.error.message, /no TOML formatter is available here; nothing was changed/);
  assert.deepEqual(await page.evaluate(() => window.errors), [], "the worker raised nothing");
  assert.deepEqual(offline, [], "nothing was fetched beyond the page and the bundle");
});
