// The language server under load: 50 documents open, 2,000 rapid edits, a 5 MB document, a 50,000-character
// line, deep inline tables. It keeps answering, publishes for the newest version of each document only, and
// its memory comes back near its starting point once the documents are closed.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LspClient } from "./helpers/lsp-client.mjs";
import { pathological } from "./helpers/mutate.mjs";
import { root } from "./helpers/service.mjs";

// a failing test must not leave a server running (the runner would wait for it forever)
after(() => LspClient.killAll());

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test(
  "50 documents, 2,000 rapid edits and huge documents: answers, newest versions only, memory returns",
  { timeout: 240_000 },
  async () => {
    const c = new LspClient();
    await c.initialize();
    const base = readFileSync(join(root, "examples", "multi-process", "fly.toml"), "utf8");
    // warm up, then measure the starting point
    const warm = "file:///load/warm/fly.toml";
    c.notify("textDocument/didOpen", { textDocument: { uri: warm, languageId: "toml", version: 1, text: base } });
    await c.diagnosticsFor(warm, 1);
    c.notify("textDocument/didClose", { textDocument: { uri: warm } });
    await sleep(500);
    const start = rssMb(c.proc.pid);

    const uris = Array.from({ length: 50 }, (_, i) => `file:///load/app${i}/fly.toml`);
    uris.forEach((uri) => c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: base } }));
    await Promise.all(uris.map((uri) => c.diagnosticsFor(uri, 1)));

    // 2,000 edits spread over the 50 documents, sent without waiting
    const versions = new Map(uris.map((u) => [u, 1]));
    const line = base.split("\n").findIndex((l) => l.includes("soft_limit = 40"));
    for (let i = 0; i < 2000; i++) {
      const uri = uris[i % 50];
      const v = versions.get(uri) + 1;
      versions.set(uri, v);
      const text = v % 2 ? "40" : "60"; // 60 > hard_limit 50: an error on every other version
      const old = v % 2 ? "60" : "40";
      c.notify("textDocument/didChange", {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 17 }, end: { line, character: 17 + old.length } }, text }],
      });
    }
    // it keeps answering while it works through them
    const appLine = base.split("\n").findIndex((l) => l.startsWith("app ="));
    const hover = await c.request(
      "textDocument/hover",
      { textDocument: { uri: uris[0] }, position: { line: appLine, character: 1 } },
      30000,
    );
    assert.match(hover.contents.value, /The app this file belongs to/);
    for (const uri of uris) {
      const last = await c.diagnosticsFor(uri, versions.get(uri));
      assert.equal(
        last.params.diagnostics.some((d) => d.code === "concurrency-soft-above-hard"),
        versions.get(uri) % 2 === 0,
        uri,
      );
      const published = c.notifications
        .filter((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri)
        .map((m) => m.params.version);
      for (let i = 1; i < published.length; i++)
        assert.ok(published[i] >= published[i - 1], `${uri}: version ${published[i]} after ${published[i - 1]}`);
    }

    // huge and deep documents
    const p = pathological();
    for (const [label, text] of [
      ["5 MB", p["5 MB document"]],
      ["long line", p["one 50,000-character line"]],
      ["deep inline tables", p["deeply nested inline tables"]],
    ]) {
      const uri = `file:///load/${encodeURIComponent(label)}/fly.toml`;
      c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
      await c.diagnosticsFor(uri, 1);
      assert.ok(await c.request("textDocument/documentSymbol", { textDocument: { uri } }, 60000), label);
      uris.push(uri);
    }
    const peak = rssMb(c.proc.pid);

    // close everything: memory comes back near the start
    for (const uri of uris) c.notify("textDocument/didClose", { textDocument: { uri } });
    await c.waitFor(
      (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uris.at(-1) && m.params.diagnostics.length === 0,
    );
    let after = rssMb(c.proc.pid);
    for (let i = 0; i < 40 && after > start * 1.5 + 20; i++) {
      // small requests give V8 the chance to collect
      const uri = `file:///load/probe${i}/fly.toml`;
      c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: 'app = "probe"\n' } });
      await c.diagnosticsFor(uri, 1);
      c.notify("textDocument/didClose", { textDocument: { uri } });
      await sleep(250);
      after = rssMb(c.proc.pid);
    }
    console.log(`RSS: start ${start.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after closing ${after.toFixed(0)} MB`);
    assert.ok(
      after <= start * 1.5 + 20,
      `memory after closing (${after.toFixed(0)} MB) is near the start (${start.toFixed(0)} MB); peak was ${peak.toFixed(0)} MB`,
    );
    await c.shutdown();
  },
);
