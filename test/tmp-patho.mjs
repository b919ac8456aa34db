import { pathological } from "./helpers/mutate.mjs";
import { service } from "./helpers/service.mjs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { TextDocument } = require("vscode-languageserver-textdocument");
for (const [label, text] of Object.entries(pathological())) {
  const doc = TextDocument.create("file:///x/fly.toml", "toml", 1, text);
  for (const [name, f] of [["validate", () => service.validate(doc)], ["hover", () => service.hover(doc, { line: 0, character: 3 })], ["complete", () => service.complete(doc, doc.positionAt(text.length))], ["actions", () => service.codeActions(doc, { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) })], ["symbols", () => service.documentSymbols(doc)], ["folding", () => service.foldingRanges(doc)]]) {
    const t = performance.now();
    try { f(); } catch (e) { console.log(label, name, "THREW", e.message.slice(0, 100)); }
    const ms = performance.now() - t;
    if (ms > 200) console.log(label, name, ms.toFixed(0), "ms");
  }
  console.log("done", label, text.length);
}
