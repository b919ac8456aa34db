// npm run bench:lsp — our language server against `tombi lsp --offline` (public schema through a tombi.toml),
// both over stdio in the same run, on a typical 40-line fly.toml and a 3,000-line stress file. Prints ratios.
import { mkdirSync, copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { LspClient } from "../test/helpers/lsp-client.mjs";
import { tombiBinary } from "./tombi.mjs";

const root = resolve(import.meta.dirname, "..");
const shared = resolve(root, "..", "shared");
const work = join(root, ".bench", "lsp");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDITS = 60;
// as bench/cli.mjs: this machine's NODE_EXTRA_CA_CERTS (its proxy) costs every Node process ~50 ms at start-up
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
copyFileSync(join(shared, "fixtures", "schemastore", "fly.json"), join(work, "fly.json"));
writeFileSync(
  join(work, "tombi.toml"),
  '[schema]\nenabled = true\ncatalog = { paths = [] }\n\n[[schemas]]\npath = "fly.json"\ninclude = ["*.toml"]\n',
);

const typical = readFileSync(join(root, "examples", "private-api", "fly.toml"), "utf8");
function stressFile() {
  const out = [typical.trimEnd(), ""];
  for (let i = 0; out.length < 3000; i++) {
    out.push(
      "[[services]]",
      `  internal_port = ${9000 + i}`,
      '  protocol = "tcp"',
      '  auto_stop_machines = "stop"',
      "  auto_start_machines = true",
      "  [services.concurrency]",
      '    type = "connections"',
      `    soft_limit = ${20 + (i % 5)}`,
      "    hard_limit = 30",
      "  [[services.ports]]",
      `    port = ${10000 + i}`,
      '    handlers = ["tls"]',
      "",
    );
  }
  return out.slice(0, 3000).join("\n") + "\n";
}
const files = { "typical (37 lines)": typical, "stress (3,000 lines)": stressFile() };

const servers = {
  "fly-toml": () => new LspClient(["lsp", "--stdio"], { cwd: work, env }),
  tombi: () => new LspClient(["lsp", "--offline"], { command: tombiBinary(), cwd: work }),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const peakMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

/** The line and column of the first occurrence of `needle`. */
function find(text, needle) {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line].indexOf(needle) };
}

async function measure(make, text) {
  const uri = `file://${work}/fly.toml`;
  const t0 = performance.now();
  const c = make();
  await c.request("initialize", {
    processId: process.pid,
    rootUri: `file://${work}`,
    workspaceFolders: [{ uri: `file://${work}`, name: "bench" }],
    capabilities: { textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } } } },
  });
  const init = performance.now() - t0;
  c.notify("initialized", {});
  const t1 = performance.now();
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  await c.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri, 30000);
  const open = performance.now() - t1;
  const soft = find(text, "soft_limit = 20");
  const at = { line: soft.line, character: soft.character + "soft_limit = ".length };
  const edits = [];
  let current = "20";
  for (let v = 2; v < 2 + EDITS; v++) {
    const next = current === "20" ? "21" : "20";
    const t = performance.now();
    c.notify("textDocument/didChange", {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: next }],
    });
    await c.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.version === v, 30000, {
      fresh: true,
    });
    edits.push(performance.now() - t);
    current = next;
  }
  const hoverAt = find(text, "internal_port");
  const hovers = [];
  const completions = [];
  for (let i = 0; i < EDITS; i++) {
    let t = performance.now();
    await c.request("textDocument/hover", { textDocument: { uri }, position: { line: hoverAt.line, character: hoverAt.character + 3 } });
    hovers.push(performance.now() - t);
    t = performance.now();
    await c.request("textDocument/completion", { textDocument: { uri }, position: { line: hoverAt.line, character: hoverAt.character } });
    completions.push(performance.now() - t);
  }
  const rss = peakMb(c.proc.pid);
  c.kill();
  return { init, open, edit: median(edits), hover: median(hovers), completion: median(completions), rss };
}

async function bareRss(text) {
  const c = new LspClient([join(root, "bench", "bare-server.js"), "--stdio"], { command: process.execPath, cwd: work, env });
  await c.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  c.notify("initialized", {});
  const uri = `file://${work}/fly.toml`;
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text } });
  await c.waitFor((m) => m.method === "textDocument/publishDiagnostics");
  const rss = peakMb(c.proc.pid);
  c.kill();
  return rss;
}

const nodeStart = median(
  Array.from({ length: 7 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, ["-e", "0"], { env });
    return performance.now() - t;
  }),
);

const fmt = (x) => `${x.toFixed(x < 10 ? 2 : 1)}`.padStart(8);
for (const [label, text] of Object.entries(files)) {
  const results = {};
  for (const [name, make] of Object.entries(servers)) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await measure(make, text));
    results[name] = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((x) => x[k]))]));
  }
  const bare = median(await Promise.all(Array.from({ length: 3 }, () => bareRss(text))));
  const us = results["fly-toml"];
  const them = results.tombi;
  console.log(`\n${label}, median of ${RUNS} runs (${EDITS} edits, hovers and completions each)`);
  console.log(`  ${"".padEnd(26)}${"fly-toml".padStart(10)}${"tombi".padStart(10)}   ratio`);
  const row = (name, k, unit) =>
    console.log(`  ${name.padEnd(26)}${fmt(us[k])}${fmt(them[k])}  ${(us[k] / them[k]).toFixed(2).padStart(6)}  ${unit}`);
  row("start → initialize (ms)", "init", "");
  row("open → diagnostics (ms)", "open", "");
  row("edit → diagnostics (ms)", "edit", "(aim ≤ 1)");
  row("hover (ms)", "hover", "");
  row("completion (ms)", "completion", "");
  row("peak RSS (MB)", "rss", "");
  console.log(`  start-up vs bare \`node -e 0\` (${nodeStart.toFixed(1)} ms): ${(us.init / nodeStart).toFixed(2)}  (aim ≤ 3)`);
  console.log(`  peak RSS vs bare Node + vscode-languageserver (${bare.toFixed(1)} MB): ${(us.rss / bare).toFixed(2)}  (aim ≤ 1.5)`);
}
