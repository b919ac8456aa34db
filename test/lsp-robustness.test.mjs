// The server survives every input of a seeded mutation run over the examples and fixtures, and pathological
// documents (5 MB, a 50,000-character line, deep nesting): it answers every request and stays under a memory bound.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LspClient } from "./helpers/lsp-client.mjs";
import { mutate, pathological, prng } from "./helpers/mutate.mjs";
import { root, shared, tomlFilesUnder } from "./helpers/service.mjs";

// a failing test must not leave a server running (the runner would wait for it forever)
after(() => LspClient.killAll());

const SEED = Number(process.env.FLY_TOML_SEED ?? 20261123);
const MEMORY_BOUND_MB = 700;

/** The examples and the rule fixtures, and flyctl's fixtures and a seventh of the real-world files when they are here. */
function corpus() {
  const here = (...p) => (existsSync(join(shared, ...p)) ? tomlFilesUnder(join(shared, ...p)) : []);
  const rw = here("fixtures", "real-world").filter((p) => !p.includes("templated"));
  const files = [
    ...tomlFilesUnder(join(root, "examples")),
    ...tomlFilesUnder(join(root, "test", "fixtures", "rules")),
    ...here("fixtures", "flyctl"),
    ...rw.filter((_, i) => i % 7 === 0),
  ];
  return files.map((f) => readFileSync(f, "utf8"));
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function exercise(c, uri, text, rnd, label) {
  if (process.env.FLY_TOML_DEBUG) console.error(label, text.length);
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  const lines = text.split("\n");
  const line = Math.floor(rnd() * lines.length);
  const position = { line, character: Math.floor(rnd() * ((lines[line]?.length ?? 0) + 1)) };
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const doc = { textDocument: { uri } };
  const timeout = text.length > 1e6 ? 60000 : 10000;
  try {
    await c.diagnosticsFor(uri, 1);
    await c.request("textDocument/hover", { ...doc, position }, timeout);
    await c.request("textDocument/completion", { ...doc, position }, timeout);
    await c.request(
      "textDocument/codeAction",
      { ...doc, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [] } },
      timeout,
    );
    await c.request("textDocument/documentSymbol", doc, timeout);
    await c.request("textDocument/foldingRange", doc, timeout);
    c.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: position, end: position }, text: "x" }],
    });
    await c.diagnosticsFor(uri, 2);
  } catch (e) {
    throw new Error(`${label}: ${e.message} (seed ${SEED})\n${text.length < 2000 ? text : `${text.length} characters`}`);
  }
  c.notify("textDocument/didClose", { textDocument: { uri } });
}

test(
  "the server answers every request over a mutation run and pathological inputs, within a memory bound",
  { timeout: 300_000 },
  async () => {
    const c = new LspClient();
    await c.initialize();
    const rnd = prng(SEED);
    const docs = corpus();
    let n = 0;
    for (const [i, text] of docs.entries()) {
      for (let k = 0; k < 3; k++) {
        let t = text;
        for (let m = 0; m < 1 + Math.floor(rnd() * 3); m++) t = mutate(t, rnd);
        await exercise(c, `file:///mut/${i}-${k}/fly.toml`, t, rnd, `mutation ${i}-${k}`);
        n++;
      }
    }
    for (const [label, text] of Object.entries(pathological())) {
      await exercise(c, `file:///patho/${encodeURIComponent(label)}/fly.toml`, text, rnd, label);
      n++;
    }
    assert.ok(n > 150, `${n} documents`);
    // still healthy
    const uri = "file:///final/fly.toml";
    c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: 'kill_signal = "TERM"\n' } });
    assert.deepEqual(
      (await c.diagnosticsFor(uri, 1)).params.diagnostics.map((d) => d.code),
      ["kill-signal-invalid"],
    );
    const peak = peakRssMb(c.proc.pid);
    assert.ok(peak < MEMORY_BOUND_MB, `peak RSS ${peak.toFixed(0)} MB is under ${MEMORY_BOUND_MB} MB`);
    assert.equal(c.stderr.includes("FATAL") || c.stderr.includes("Uncaught"), false, c.stderr.slice(0, 500));
    await c.shutdown();
  },
);
