// images/icon.png (the Marketplace's 128×128 icon) from images/icon.svg, rendered by Debian's chromium.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "..");
const svg = readFileSync(join(root, "images", "icon.svg"), "utf8");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: join(root, "images", "icon.png"), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await browser.close();
