// `npm run docs:images`: the README's pictures, from the end-to-end suite's last run (test/e2e/artifacts/readme-*.png,
// taken in a real VS Code) to docs/images/, so they show what the suite saw.
import { copyFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const artifacts = join(root, "test", "e2e", "artifacts");
const pictures = readdirSync(artifacts).filter((f) => /^readme-.+\.png$/.test(f));
if (!pictures.length) throw new Error("no readme-*.png in test/e2e/artifacts: run npm run test:e2e first");
for (const f of pictures) copyFileSync(join(artifacts, f), join(root, "docs", "images", f.slice("readme-".length)));
console.log(`docs/images: ${pictures.map((f) => f.slice("readme-".length)).join(", ")}`);
