// End-to-end: the packaged .vsix in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven through
// Debian's chromium with playwright-core like a person would, with the fake flyctl as flyToml.flyctlPath.
// Prints "N passed, N failed" and exits non-zero on any failure. Screenshots go to test/e2e/artifacts/.
import { spawn, execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "..", "..");
const CS = join(root, ".e2e", "cs", "node_modules", ".bin", "code-server");
const VSIX = join(root, "fly-toml.vsix");
const ARTIFACTS = join(root, "test", "e2e", "artifacts");
const only = process.env.E2E_ONLY ? new Set(process.env.E2E_ONLY.split(",")) : undefined;

const T = mkdtempSync(join(tmpdir(), "fly-e2e-"));
const ws = join(T, "ws");
const stateFile = join(T, "flyctl-state.json");
const flyctl = join(T, "bin", "flyctl");
const settingsFile = join(T, "user-data", "User", "settings.json");

// ---------- the workspace and the fake flyctl ----------

const ip = (ID, Address, Type) => ({
  ID,
  Address,
  Type,
  Region: "global",
  CreatedAt: "2026-03-21T10:00:00Z",
  Network: Type === "private_v6" ? { Name: "", Organization: { Slug: "personal" } } : null,
});
const FILES = {
  "private-api/fly.toml":
    'app = "private-api"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n  auto_stop_machines ' +
    '= "stop"\n  auto_start_machines = true\n  min_machines_running = 0\n  [http_service.concurrency]\n    type = "requests"\n    ' +
    "soft_limit = 20\n    hard_limit = 25\n",
  "mixed-app/fly.toml":
    'app = "mixed-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = false\n  ' +
    '[http_service.concurrency]\n    type = "requests"\n',
  "public-app/fly.toml":
    '# launched with fly launch\napp = "public-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 3000\n  force_https = ' +
    'true\n  auto_stop_machines = "stop"\n  auto_start_machines = false\n  min_machines_running = 0\n',
  "snippet-app/fly.toml": 'app = "snippet-app"\nprimary_region = "ams"\n\n',
  "format-app/fly.toml":
    'app="format-app"   # formatted by the test\nprimary_region="ams"\n' +
    '[http_service]\ninternal_port=8080\nforce_https=false\n[http_service.concurrency]\ntype="requests"\nsoft_limit=20\nhard_limit=25\n',
  // what `fly launch` writes: Make private must change force_https and nothing else
  "cancel-app/fly.toml":
    '# fly.toml app configuration file generated for cancel-app\napp = "cancel-app"\nprimary_region = "ams"\n\n[http_service]\n  ' +
    'internal_port = 8080\n  force_https = true\n  auto_stop_machines = "stop"\n  auto_start_machines = true\n  min_machines_running ' +
    '= 1\n  processes = ["app"]\n',
  "draft-app/fly.toml":
    'app = "draft-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = true # keep this comment\n  ' +
    'auto_stop_machines = "stop"\n  auto_start_machines = true\n  min_machines_running = 1\n',
  "machines-app/fly.toml":
    'app = "machines-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = false\n  auto_stop_machines = ' +
    '"stop"\n  auto_start_machines = true\n  min_machines_running = 0\n\n[[mounts]]\n  source = "data"\n  destination = "/data"\n',
  "twoconf-app/fly.toml":
    'app = "twoconf-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n  ' +
    "min_machines_running = 1\n",
  "twoconf-app/fly.staging.toml":
    '# staging runs the same app with more memory\napp = "twoconf-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = ' +
    '8080\n  force_https = true\n\n[[vm]]\n  memory = "2gb"\n',
};

function setup() {
  for (const [p, text] of Object.entries(FILES)) {
    mkdirSync(join(ws, p, ".."), { recursive: true });
    writeFileSync(join(ws, p), text);
  }
  mkdirSync(join(T, "bin"), { recursive: true });
  copyFileSync(join(root, "test", "fake-flyctl", "flyctl"), flyctl);
  chmodSync(flyctl, 0o755);
  writeFileSync(
    stateFile,
    JSON.stringify(
      {
        loggedIn: true,
        orgs: ["personal", "acme"],
        apps: {
          "private-api": { org: "personal", ips: [ip("ip_a", "fdaa:0:33:0:1::a", "private_v6")] },
          "mixed-app": {
            org: "personal",
            ips: [ip("ip_b", "fdaa:0:33:0:1::b", "private_v6"), ip("ip_c", "2a09:8280:1::c:c0", "v6")],
            sharedV4: "66.241.125.10",
          },
          "public-app": { org: "personal", ips: [ip("ip_d", "2a09:8280:1::d:c0", "v6")], sharedV4: "66.241.125.11" },
          "snippet-app": { org: "personal", ips: [ip("ip_e", "fdaa:0:33:0:1::e", "private_v6")] },
          "format-app": { org: "personal", ips: [ip("ip_f", "fdaa:0:33:0:1::f", "private_v6")] },
          "cancel-app": { org: "personal", ips: [ip("ip_g", "2a09:8280:1::7:c0", "v6")], sharedV4: "66.241.125.17" },
          "draft-app": { org: "personal", ips: [ip("ip_h", "2a09:8280:1::8:c0", "v6")], sharedV4: "66.241.125.18" },
          "twoconf-app": { org: "personal", ips: [ip("ip_i", "2a09:8280:1::9:c0", "v6")] },
          "docker-app": { org: "personal", ips: [ip("ip_k", "fdaa:0:33:0:1::k", "private_v6")] },
          "secret-app": {
            org: "personal",
            ips: [ip("ip_l", "fdaa:0:33:0:1::1", "private_v6")],
            secrets: { DATABASE_URL: { digest: "cdbe3268a82bfe993921b9cae2a526af", status: "Deployed" } },
          },
          "machines-app": {
            org: "personal",
            ips: [ip("ip_j", "fdaa:0:33:0:1::j", "private_v6")],
            machines: [
              {
                id: "e2865013a01d86",
                name: "billowing-sun-4321",
                state: "started",
                region: "ams",
                mounts: [{ name: "data", volume: "vol_1", path: "/data" }],
                updated_at: new Date(Date.now() - 180000).toISOString(),
                checks: [
                  {
                    name: "servicecheck-00-http-8080",
                    status: "critical",
                    output: "dial tcp [fdaa:9:3b1c:a7b:1d2:6f0e:4a1b:2]:8080: connect: connection refused",
                  },
                  { name: "alive", status: "passing", output: "200 OK" },
                ],
              },
              {
                id: "9185e6ec3d2e68",
                name: "quiet-river-88",
                state: "stopped",
                region: "ams",
                mounts: [{ name: "data", volume: "vol_2", path: "/data" }],
                updated_at: new Date(Date.now() - 7200000).toISOString(),
              },
            ],
            volumes: [
              { id: "vol_1", name: "data", region: "ams", attached_machine_id: "e2865013a01d86" },
              { id: "vol_2", name: "data", region: "ams", attached_machine_id: "9185e6ec3d2e68" },
            ],
          },
        },
      },
      null,
      2,
    ),
  );
  mkdirSync(join(T, "user-data", "User"), { recursive: true });
  writeSettings({});
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}

function writeSettings(extra) {
  mkdirSync(join(T, "user-data", "Machine"), { recursive: true });
  writeFileSync(join(T, "user-data", "Machine", "settings.json"), JSON.stringify({ "flyToml.flyctlPath": flyctl, ...extra }, null, 2));
  writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "extensions.ignoreRecommendations": true,
        "workbench.enableExperiments": false,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "security.workspace.trust.enabled": false,
        "chat.commandCenter.enabled": false,
        "git.enabled": false,
        "editor.formatOnSave": false,
        "files.autoSave": "off",
        "workbench.editor.enablePreview": false,
        "editor.hover.delay": 100,
        // a sticky app row would cover the real one the tests click
        "workbench.tree.enableStickyScroll": false,
        "terminal.integrated.gpuAcceleration": "off",
        "flyToml.flyctlPath": flyctl,
        ...extra,
      },
      null,
      2,
    ),
  );
}

const flyState = () => JSON.parse(readFileSync(stateFile, "utf8"));
const WRITES = new Set(["release", "allocate-v6", "allocate-v4", "allocate"]);
/** The calls of the fake flyctl that change an app (its log of every call it answered). */
const writeCalls = () => (flyState().calls ?? []).filter((c) => c[0] === "ips" && WRITES.has(c[1]));
const fileBytes = (relative) => readFileSync(join(ws, relative), "utf8");
/** Changes the fake flyctl's state under its lock (a flyctl process of the view may be writing it), atomically. */
function updateFlyState(change) {
  const lock = `${stateFile}.lock`;
  for (const deadline = Date.now() + 10000; ;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("the fake flyctl's state stays locked");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    const s = flyState();
    change(s);
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(s, null, 2));
    renameSync(`${stateFile}.tmp`, stateFile);
  } finally {
    rmdirSync(lock);
  }
}
const setFlyState = (patch) => updateFlyState((s) => Object.assign(s, patch));

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// ---------- code-server ----------

async function startCodeServer(port, extra = []) {
  // FAKE_FLYCTL_TOML: the TOML parser the fake's `deploy` reads fly.toml with (its copy in T/bin has no node_modules)
  const env = {
    ...process.env,
    TMPDIR: T,
    XDG_CACHE_HOME: T,
    XDG_CONFIG_HOME: T,
    FAKE_FLYCTL_STATE: stateFile,
    FAKE_FLYCTL_TOML: join(root, "node_modules", "toml-eslint-parser"),
  };
  const common = ["--config", join(T, "config.yaml"), "--user-data-dir", join(T, "user-data"), "--extensions-dir", join(T, "extensions")];
  for (const vsix of [VSIX, ...extra]) execFileSync(CS, ["--install-extension", vsix, ...common], { env, stdio: "pipe" });
  const proc = spawn(
    CS,
    [
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      ...common,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--disable-proxy",
      "--ignore-last-opened",
      ws,
    ],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { proc, log: () => log };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not start:\n${log}`);
}

// ---------- driving the workbench ----------

/** Debian's chromium (never a downloaded browser) on the workspace; sets `page`. */
async function openWorkbench(port) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: T, XDG_CACHE_HOME: T },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 1500 } });
  page.setDefaultTimeout(20000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60000 });
  return browser;
}

const results = [];
let page;

async function shot(name) {
  await page.waitForTimeout(700); // toasts and panels slide in; the screenshot must show the end state
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/**
 * A picture for the README, of one part of the workbench as the test left it: test/e2e/artifacts/readme-NAME.png,
 * which `npm run docs:images` copies to docs/images/NAME.png (so the README shows what the suite saw).
 */
async function readmePicture(name, locator, o = {}) {
  await page.waitForTimeout(700);
  const box = await locator.boundingBox();
  if (!box) throw new Error(`nothing to picture for ${name}`);
  await page.screenshot({
    path: join(ARTIFACTS, `readme-${name}.png`),
    clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, o.height ?? box.height) },
  });
}

async function palette(command) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${command}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: command }).first();
  await row.waitFor({ state: "visible" });
  await input.press("Enter");
}

async function openFile(relative, expectText) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(relative);
  await page
    .locator(".quick-input-list .monaco-list-row", { hasText: relative.split("/")[0] })
    .first()
    .waitFor({ state: "visible" });
  await input.press("Enter");
  await page.locator(".monaco-editor .view-lines", { hasText: expectText }).first().waitFor({ state: "visible", timeout: 15000 });
}

/** The text of the visible editor, line by line (Monaco renders spaces as nbsp). */
async function editorText() {
  const lines = await page.locator(".editor-instance .monaco-editor .view-lines .view-line").evaluateAll((els) =>
    els
      .map((e) => ({ top: parseFloat(e.style.top), text: e.textContent.replace(/\u00a0/g, " ") }))
      .sort((a, b) => a.top - b.top)
      .map((x) => x.text),
  );
  return lines.join("\n");
}

async function problemsPanel() {
  await page.keyboard.press("Control+Shift+M");
  const panel = page.locator(".markers-panel");
  await panel.waitFor({ state: "visible" });
  return panel;
}

/** The Fly Apps view's pane (rows of the file explorer can have the same names as apps). */
const ipPane = () => page.locator(".pane", { has: page.locator(".pane-header", { hasText: /Fly Apps/i }) }).first();

async function treeRow(label) {
  const row = ipPane()
    .locator(".monaco-list-row", { has: page.locator(".label-name", { hasText: label }) })
    .first();
  // the tree is a virtual list: a row below the fold is not rendered until the list is scrolled to it, so go
  // to the top, then down a few rows at a time, and round again
  const deadline = Date.now() + 20000;
  for (let step = 0; Date.now() < deadline; step = (step + 1) % 40) {
    if (await row.isVisible().catch(() => false)) {
      // a scroll may still be moving the rows: let it settle before anyone clicks where the row is
      if (step) await page.waitForTimeout(400);
      return row;
    }
    if (step === 0) await layOutSidebar();
    const box = await ipPane()
      .locator(".monaco-list")
      .first()
      .boundingBox()
      .catch(() => null);
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
      await page.mouse.wheel(0, step === 0 ? -20000 : 150);
    }
    await page.waitForTimeout(step === 0 ? 400 : 150);
  }
  if (await row.isVisible().catch(() => false)) return row;
  // say what the view showed instead, so a failure on CI can be read without its screenshot
  const header = ipPane().locator(".pane-header").first();
  const expanded = await header.getAttribute("aria-expanded").catch(() => "?");
  const rows = await ipPane()
    .locator(".monaco-list-row")
    .allInnerTexts()
    .catch(() => []);
  const box = await ipPane()
    .boundingBox()
    .catch(() => null);
  throw new Error(
    `no row "${label}" in the Fly Apps view after 20 s (pane expanded: ${expanded}, ${box ? `${Math.round(box.height)} px high` : "not laid out"}; ` +
      `rows: ${JSON.stringify(rows.map((r) => r.replace(/\s+/g, " ")))})`,
  );
}

/** Gives the Fly Apps view the sidebar: its pane expanded, the folders' pane collapsed, no menu left open. */
async function layOutSidebar() {
  if (
    await page
      .locator(".context-view .monaco-menu")
      .first()
      .isVisible()
      .catch(() => false)
  )
    await page.keyboard.press("Escape");
  const header = page.locator(".pane-header", { hasText: /Fly Apps/i }).first();
  if (!(await header.isVisible().catch(() => false))) await page.keyboard.press("Control+Shift+E");
  await header.waitFor({ state: "visible" });
  if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  // the tree is a virtual list: rows below the fold are not rendered, so give the view the sidebar's height
  const folders = page.locator(".pane-header[aria-expanded='true']", { hasText: "ws" }).first();
  if (await folders.count()) await folders.click();
}

async function focusIpView() {
  await page.keyboard.press("Control+Shift+E");
  await layOutSidebar();
  // rows re-render while the view loads: act on them once it is done
  await quiet();
}

/** Sets flyToml.flyctlPath in the Settings editor, as the view's "Set the flyctl path…" button does. */
async function setFlyctlPathInSettingsUi(value) {
  await palette("Preferences: Open User Settings");
  const search = page.locator(".settings-editor .suggest-input-container textarea, .settings-editor .search-container input").first();
  await search.waitFor({ state: "visible" });
  // the extension runs on the (remote) server: a machine-scoped setting is set in the Remote tab
  await page.locator(".settings-editor .settings-tabs-widget .action-label", { hasText: "Remote" }).first().click();
  await search.fill("flyToml.flyctlPath");
  const item = page.locator(".settings-editor .setting-item-contents", { hasText: "binary" }).first();
  const input = item.locator("input").first();
  await input.waitFor({ state: "visible" });
  await input.fill(value);
  await input.press("Tab");
  await page.waitForTimeout(500);
  await page.keyboard.press("Control+W");
}

/**
 * Sets flyToml.flyctlPath through the view's own "Set the flyctl path…" row: the Settings editor must open where
 * the machine-scoped setting can be set (the Remote tab in code-server), showing it, not "No Settings Found".
 */
async function setFlyctlPathFromView(value) {
  await page.locator(".monaco-list-row", { hasText: "Set the flyctl path" }).first().click();
  const item = page.locator(".settings-editor .setting-item-contents", { hasText: "binary" }).first();
  await item.waitFor({ state: "visible", timeout: 15000 }).catch(async (e) => {
    const editor = await page
      .locator(".settings-editor")
      .first()
      .innerText()
      .catch(() => "(no settings editor)");
    throw new Error(`${e.message}\nthe settings editor showed: ${editor.slice(0, 500)}`);
  });
  assert(
    !(await page.locator(".settings-editor").getByText("No Settings Found").first().isVisible()),
    "the setting is found where it opened",
  );
  const remote = page.locator(".settings-editor .settings-tabs-widget .checked", { hasText: "Remote" });
  assert((await remote.count()) > 0, "the Remote tab is the one open, where a machine setting lives in a remote window");
  const input = item.locator("input").first();
  await input.fill(value);
  await input.press("Tab");
  await page.waitForTimeout(500);
  await page.keyboard.press("Control+W");
}

async function contextMenu(row, item) {
  await row.click({ button: "right" });
  const entry = page.locator(".context-view .action-item", { hasText: item }).first();
  await entry.waitFor({ state: "visible" });
  // the menu fades in: focus the item with the mouse, then press Enter like a person who waited for it
  await entry.hover();
  await page.waitForTimeout(200);
  await page.keyboard.press("Enter");
}

async function confirmDialog(expectTexts, button) {
  const dialog = page.locator(".monaco-dialog-box");
  await dialog.waitFor({ state: "visible", timeout: 15000 });
  const text = await dialog.innerText();
  for (const t of expectTexts) if (!text.includes(t)) throw new Error(`the confirmation does not mention ${t}:\n${text}`);
  // Escape closes a modal dialog like Cancel does
  if (button === "Escape") await page.keyboard.press("Escape");
  else await dialog.locator(".monaco-button", { hasText: button }).first().click();
  await dialog.waitFor({ state: "detached", timeout: 10000 });
  return text;
}

/** The quick pick or input box a command shows, with its placeholder or prompt. */
async function quickInput(expect) {
  const widget = page.locator(".quick-input-widget");
  await widget.waitFor({ state: "visible", timeout: 15000 });
  // a quick pick's placeholder is the input's attribute; an input box's prompt is text below it
  for (let i = 0; i < 50; i++) {
    const placeholder = (await widget.locator("input").first().getAttribute("placeholder")) ?? "";
    if (placeholder.includes(expect) || (await widget.innerText()).includes(expect)) return widget;
    await page.waitForTimeout(200);
  }
  throw new Error(`the quick input does not show "${expect}": ${await widget.innerText()}`);
}

/** No notification toast is showing (none was raised since the last ones were cleared). */
async function noToasts(why) {
  await page.waitForTimeout(800);
  const n = await page.locator(".notification-toast").count();
  if (n) throw new Error(`${why}: a notification appeared: ${await page.locator(".notification-toast").first().innerText()}`);
}

async function clearToasts() {
  await palette("Notifications: Clear All Notifications");
  await page.waitForTimeout(300);
}

/** Waits until the fake flyctl has not been called for 1.5 s: the view is done loading, its rows stay put. */
async function quiet() {
  for (let n = -1, same = 0; same < 6; await page.waitForTimeout(250)) {
    const now = (flyState().calls ?? []).length;
    same = now === n ? same + 1 : 0;
    n = now;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function scenario(name, fn) {
  if (only && !only.has(name.split(" ")[0])) return;
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push({ name, ok: false });
    const toasts = await page
      .locator(".notification-toast")
      .allInnerTexts()
      .catch(() => []);
    // and what went to the notification center without a toast
    await page.keyboard.press("Escape").catch(() => undefined);
    await palette("Notifications: Show Notifications").catch(() => undefined);
    await page.waitForTimeout(500);
    toasts.push(
      ...(
        await page
          .locator(".notifications-center .notification-list-item")
          .allInnerTexts()
          .catch(() => [])
      ).map((t) => `(center) ${t}`),
    );
    console.log(`FAIL ${name}: ${e.message}${toasts.length ? `\n  notifications: ${toasts.join(" | ")}` : ""}`);
    await page.screenshot({ path: join(ARTIFACTS, `${name.split(" ")[0]}-failure.png`) }).catch(() => undefined);
  }
  await page.keyboard.press("Escape").catch(() => undefined);
}

// ---------- the scenarios ----------

async function main() {
  setup();
  const port = await freePort();
  const cs = await startCodeServer(port);
  const browser = await openWorkbench(port);
  try {
    await page
      .locator(".explorer-folders-view .monaco-list-row", { hasText: "private-api" })
      .first()
      .waitFor({ state: "visible", timeout: 60000 });

    await scenario("1 private app: force_https error, hover, quick fix", async () => {
      await openFile("private-api/fly.toml", "force_https");
      const panel = await problemsPanel();
      const row = panel.locator(".monaco-list-row", { hasText: "flycast-force-https" }).first();
      await row.waitFor({ state: "visible", timeout: 30000 });
      const rowText = await row.innerText();
      assert(/\[Ln 6, Col 17\]|Ln 6, Col 17/.test(rowText), `the problem is on line 6: ${rowText}`);
      assert((await row.locator(".codicon-error").count()) > 0, "it is an error");
      // hover on the key
      const key = page.locator(".editor-instance .view-line span", { hasText: /^force_https$/ }).first();
      await key.hover();
      const hover = page.locator(".monaco-hover", { hasText: "Flycast is HTTP-only" }).first();
      await hover.waitFor({ state: "visible" });
      assert((await hover.innerText()).includes("force_https"), "the hover names the key");
      await shot("1-hover");
      // quick fix on the value
      await page
        .locator(".editor-instance .view-line span", { hasText: /^true$/ })
        .first()
        .click();
      await page.keyboard.press("Control+.");
      const fix = page.locator(".action-widget .monaco-list-row", { hasText: "force_https = false" }).first();
      await fix.waitFor({ state: "visible" });
      // for the README: the squiggled line with its quick fix open (docs/images/quick-fix.png is a copy)
      await readmePicture("quick-fix", page.locator(".editor-instance").first(), { height: 260 });
      await fix.click({ force: true }); // the menu keeps animating; it is there and visible
      await page.locator(".editor-instance .view-lines", { hasText: "force_https = false" }).waitFor({ state: "visible" });
      await panel.locator(".monaco-list-row", { hasText: "flycast-force-https" }).first().waitFor({ state: "detached", timeout: 15000 });
      await shot("1-fixed");
    });

    await scenario("2 IP view: release public IPs of a mixed app", async () => {
      await focusIpView();
      const app = await treeRow("mixed-app");
      await page.locator(".monaco-list-row", { hasText: "private and public" }).first().waitFor({ state: "visible" });
      for (const a of ["fdaa:0:33:0:1::b", "2a09:8280:1::c:c0", "66.241.125.10"]) await treeRow(a);
      await page.locator(".monaco-list-row", { hasText: "private Flycast IPv6" }).first().waitFor({ state: "visible" });
      await page.locator(".monaco-list-row", { hasText: "public shared IPv4" }).first().waitFor({ state: "visible" });
      await shot("2-before");
      await contextMenu(app, "Release public IPs");
      await confirmDialog(["mixed-app", "2a09:8280:1::c:c0", "66.241.125.10"], "Release");
      await page.locator(".monaco-list-row", { hasText: "2a09:8280:1::c:c0" }).first().waitFor({ state: "detached", timeout: 20000 });
      await page.locator(".monaco-list-row", { hasText: "66.241.125.10" }).first().waitFor({ state: "detached" });
      await treeRow("fdaa:0:33:0:1::b");
      const state = flyState().apps["mixed-app"];
      assert(
        state.ips.length === 1 && state.ips[0].Type === "private_v6" && !state.sharedV4,
        `the fake flyctl agrees: ${JSON.stringify(state)}`,
      );
      await shot("2-after");
    });

    await scenario("17 the walkthrough's Allocate button: the pickers and the network prompt take the keyboard", async () => {
      await openFile("private-api/fly.toml", "force_https");
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible" });
      await input.fill(">Welcome: Open Walkthrough");
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "Open Walkthrough" }).first().waitFor({ state: "visible" });
      await input.press("Enter");
      await input.fill("Make a Fly app private");
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "Make a Fly app private" }).first().waitFor({ state: "visible" });
      await input.press("Enter");
      await page.locator(".getting-started-step", { hasText: "Allocate a Flycast address" }).first().click();
      await page
        .locator(".getting-started-step .monaco-button, .getting-started-step a", { hasText: "Allocate a private IPv6" })
        .first()
        .click();
      // each picker: Enter once its first row is there
      const firstRow = () => page.locator(".quick-input-list .monaco-list-row").first().waitFor({ state: "visible" });
      await quickInput("Which app");
      await firstRow();
      await page.keyboard.press("Enter");
      await quickInput("organization");
      await firstRow();
      await page.keyboard.press("Enter");
      await quickInput("Network of the Flycast address");
      await page.keyboard.type("keyboard-net");
      const typed = await page.locator(".quick-input-widget input").first().inputValue();
      const before = writeCalls().length;
      await page.keyboard.press("Escape");
      assert(typed === "keyboard-net", `the network prompt has the keyboard (it holds "${typed}")`);
      await page.waitForTimeout(500);
      assert(writeCalls().length === before, "Escape at the network: nothing allocated");
      await shot("17-walkthrough-allocate");
      await page.keyboard.press("Control+W");
    });

    await scenario("3 make a public app private: the plan first, then only its fixes", async () => {
      await focusIpView();
      const before = fileBytes("public-app/fly.toml");
      const writesBefore = writeCalls().length;
      const app = await treeRow("public-app");
      await contextMenu(app, "Make app private");
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor({ state: "visible", timeout: 15000 });
      assert(writeCalls().length === writesBefore, "nothing is allocated or released while the plan is shown");
      await shot("3-plan");
      await readmePicture("make-private-plan", page.locator(".monaco-dialog-box").first());
      const plan = await confirmDialog(
        [
          "Make public-app private?",
          "allocate a private Flycast IPv6",
          "2a09:8280:1::d:c0",
          "66.241.125.11",
          "public-app/fly.toml",
          "line 7: Set force_https = false",
          "line 9: Set auto_start_machines = true",
          "Review file changes",
        ],
        "Make private",
      );
      assert(!plan.includes("`"), `plain sentences in the dialog:\n${plan}`);
      const toast = page.locator(".notification-toast", { hasText: "public-app is private" }).first();
      await toast.waitFor({ state: "visible", timeout: 30000 });
      const words = await toast.innerText();
      assert(
        words.includes("Changed public-app/fly.toml (2 lines)") && words.includes("fly deploy") && !words.includes("`"),
        `the summary: ${words}`,
      );
      const state = flyState().apps["public-app"];
      assert(
        state.ips.length === 1 && state.ips[0].Type === "private_v6" && !state.sharedV4,
        `only a Flycast address is left: ${JSON.stringify(state)}`,
      );
      const order = writeCalls()
        .slice(writesBefore)
        .map((c) => c[1]);
      assert(order.join() === "allocate-v6,release", `allocate first, then release: ${order}`);
      // exactly the two lines of its fixes changed; the comment and every other line stay
      const after = fileBytes("public-app/fly.toml");
      const expected = before
        .replace("force_https = true", "force_https = false")
        .replace("auto_start_machines = false", "auto_start_machines = true");
      assert(after === expected, `only the plan's fixes:\n${after}`);
      await shot("3-private");
      // Run fly deploy: the deploy's plan (not a first deploy: its addresses stay), the exact command; Cancel runs nothing
      await toast.locator(".monaco-button", { hasText: "Run fly deploy" }).first().click();
      await confirmDialog(["Deploy public-app?", `'${flyctl}' deploy`, "the app's addresses stay as they are"], "Cancel");
      await page.waitForTimeout(500);
      assert(!(flyState().calls ?? []).some((c) => c[0] === "deploy"), "Cancel at the deploy plan: no deploy");
      await shot("3-deploy-plan");
    });

    await scenario("4 flyctl missing, then not logged in: said once for the whole view, with its button", async () => {
      await setFlyctlPathInSettingsUi(join(T, "no-such-flyctl"));
      await focusIpView();
      const pane = page.locator(".pane", { has: page.locator(".pane-header", { hasText: /Fly Apps/i }) }).first();
      await page
        .locator(".monaco-list-row", { hasText: "not an executable file" })
        .first()
        .waitFor({ state: "visible", timeout: 20000 })
        .catch(async (e) => {
          throw new Error(`${e.message}\nview: ${await pane.innerText()}`);
        });
      await page.locator(".monaco-list-row", { hasText: "Set the flyctl path" }).first().waitFor({ state: "visible" });
      await page.locator(".monaco-list-row", { hasText: "Install flyctl" }).first().waitFor({ state: "visible" });
      const missing = await pane.innerText();
      assert(missing.split("not an executable file").length === 2, `said once for the view, not under each app:\n${missing}`);
      assert(missing.includes("public-app") && missing.includes("private-api"), `the apps stay listed, with their files:\n${missing}`);
      await shot("4-missing");
      setFlyState({ loggedIn: false });
      await setFlyctlPathFromView(flyctl);
      await focusIpView();
      const welcome = pane.locator(".welcome-view-content", { hasText: "flyctl is not logged in to Fly.io" }).first();
      await welcome.waitFor({ state: "visible", timeout: 20000 });
      const text = await pane.innerText();
      assert(text.split("not logged in").length === 2, `"not logged in" is said once, not once per app:\n${text}`);
      assert(!text.includes("public-app") && !text.includes("mixed-app"), `no rows per app while logged out:\n${text}`);
      await shot("4-not-logged-in");
      // Log in runs flyctl auth login in a terminal that stays open, then the view comes back
      await pane.locator(".monaco-button", { hasText: "Log in to Fly.io" }).first().click();
      await page
        .locator(".xterm-rows", { hasText: "successfully logged in as dev@example.com" })
        .first()
        .waitFor({ state: "visible", timeout: 20000 });
      await treeRow("fdaa:0:33:0:1::a");
      await page.waitForTimeout(1500);
      assert(
        await page.locator(".xterm-rows", { hasText: "successfully logged in" }).first().isVisible(),
        "the login terminal stays open so flyctl's message can be read",
      );
      await shot("4-logged-in");
    });

    await scenario("5 completion in [http_service] and the Flycast snippet", async () => {
      await openFile("mixed-app/fly.toml", "internal_port");
      const line = page.locator(".editor-instance .view-line", { hasText: "internal_port = 8080" }).first();
      await line.click();
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.type("auto_sto");
      await page.keyboard.press("Control+Space");
      const item = page.locator(".suggest-widget .monaco-list-row", { hasText: "auto_stop_machines" }).first();
      await item.waitFor({ state: "visible" });
      await shot("5-completion");
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+Z");
      await page.keyboard.press("Control+Z");
      await openFile("snippet-app/fly.toml", "snippet-app");
      await page.keyboard.press("Control+End");
      await page.keyboard.type("http_serv");
      await page.keyboard.press("Control+Space");
      const snippet = page.locator(".suggest-widget .monaco-list-row", { hasText: "http_service (private, Flycast)" }).first();
      await snippet.waitFor({ state: "visible" });
      await snippet.click();
      await page.keyboard.press("Escape");
      await page.locator(".editor-instance .view-lines", { hasText: "force_https = false" }).waitFor({ state: "visible" });
      const text = await editorText();
      assert(
        text.includes("[http_service]") && text.includes('auto_stop_machines = "stop"') && text.includes("[http_service.concurrency]"),
        `the block is inserted:\n${text}`,
      );
      await page.keyboard.press("Control+S");
      await page.waitForTimeout(1500);
      const squiggles = await page.locator(".editor-instance .squiggly-error, .editor-instance .squiggly-warning").count();
      assert(squiggles === 0, `no problems in the inserted block (${squiggles} squiggles)`);
      await shot("5-snippet");
    });

    await scenario("6 Format Document", async () => {
      await openFile("format-app/fly.toml", "format-app");
      await palette("Format Document");
      await page.locator(".editor-instance .view-lines", { hasText: 'app = "format-app"' }).waitFor({ state: "visible", timeout: 30000 });
      const text = await editorText();
      assert(
        text.includes("  internal_port = 8080") && text.includes('    type = "requests"') && text.includes("# formatted by the test"),
        `formatted in flyctl's layout, comment kept:\n${text}`,
      );
      await page.waitForTimeout(1000);
      const squiggles = await page.locator(".editor-instance .squiggly-error, .editor-instance .squiggly-warning").count();
      assert(squiggles === 0, `no problems after formatting (${squiggles})`);
      await shot("6-formatted");
    });
    await scenario("7 Cancel and Escape at every step change nothing", async () => {
      await clearToasts();
      const file = "cancel-app/fly.toml";
      const before = fileBytes(file);
      const writes = writeCalls().length;
      const unchanged = async (step) => {
        assert(writeCalls().length === writes, `${step}: flyctl changed something: ${JSON.stringify(writeCalls().slice(writes))}`);
        assert(fileBytes(file) === before, `${step}: the file changed`);
        await noToasts(step);
      };
      await focusIpView();
      let app = await treeRow("cancel-app");
      // Make private: Escape, then the Cancel button, at the plan
      await contextMenu(app, "Make app private");
      await confirmDialog(["Make cancel-app private?", "line 7: Set force_https = false"], "Escape");
      await unchanged("Escape at the plan");
      const plan = await (async () => {
        await contextMenu(await treeRow("cancel-app"), "Make app private");
        return confirmDialog(["Make cancel-app private?"], "Cancel");
      })();
      assert(!plan.includes("min_machines_running") && !plan.includes("concurrency"), `only the Flycast fixes are planned:\n${plan}`);
      await unchanged("Cancel at the plan");
      // Make private: review the file changes (a diff), then Cancel, then close the question instead
      for (const how of ["Cancel", "close"]) {
        await contextMenu(await treeRow("cancel-app"), "Make app private");
        await confirmDialog(["Make cancel-app private?"], "Review file changes");
        await page.locator(".tab", { hasText: "after Make app private" }).first().waitFor({ state: "visible", timeout: 15000 });
        await page
          .locator(".editor-instance .modified-in-monaco-diff-editor .view-lines, .editor-instance .monaco-diff-editor .view-lines", {
            hasText: "force_https = false",
          })
          .first()
          .waitFor({ state: "visible" });
        const ask = page.locator(".notification-toast", { hasText: /Make [a-z-]+ private with these changes/ }).first();
        await ask.waitFor({ state: "visible" });
        if (how === "Cancel") {
          await shot("7-review");
          await ask.locator(".monaco-button", { hasText: "Cancel" }).first().click();
        } else await ask.locator(".codicon-notifications-clear, .codicon-close").first().click();
        await page.locator(".tab", { hasText: "after Make app private" }).first().waitFor({ state: "detached", timeout: 10000 });
        await unchanged(`${how} after reviewing the file changes`);
      }
      // from the palette: Escape in the app picker ends the command silently
      await palette("Fly: Make app private");
      await quickInput("Which app");
      await page.keyboard.press("Escape");
      await unchanged("Escape in the app picker");
      // Release public IPs: Cancel at its confirmation; Release this address: Escape
      await contextMenu(await treeRow("cancel-app"), "Release public IPs");
      await confirmDialog(["cancel-app", "2a09:8280:1::7:c0", "66.241.125.17"], "Cancel");
      await unchanged("Cancel at Release public IPs");
      await contextMenu(await treeRow("66.241.125.17"), "Release this address");
      await confirmDialog(["Release 66.241.125.17 from cancel-app?"], "Escape");
      await unchanged("Escape at Release this address");
      // Allocate: Escape at the organization, at the network, and Cancel at its confirmation
      await contextMenu(await treeRow("cancel-app"), "Allocate a private");
      await quickInput("Which organization");
      assert((await page.locator(".quick-input-list").innerText()).includes("acme"), "the organizations come from flyctl orgs list");
      await page.keyboard.press("Escape");
      await unchanged("Escape at the organization");
      await contextMenu(await treeRow("cancel-app"), "Allocate a private");
      await quickInput("Which organization");
      await page.keyboard.press("Enter");
      const input = await quickInput("Network of the Flycast address");
      await page.keyboard.type("no spaces");
      await page.locator(".quick-input-widget", { hasText: "A network name starts with a letter" }).first().waitFor({ state: "visible" });
      void input;
      await page.keyboard.press("Escape");
      await unchanged("Escape at the network");
      await contextMenu(await treeRow("cancel-app"), "Allocate a private");
      await quickInput("Which organization");
      await page.keyboard.press("Enter");
      await quickInput("Network of the Flycast address");
      await page.keyboard.press("Enter");
      await confirmDialog(["Allocate a private Flycast IPv6 address for cancel-app?"], "Cancel");
      await unchanged("Cancel at the allocation");
      app = await treeRow("cancel-app");
      assert((await app.innerText()).includes("public"), "the app is still public");
      await shot("7-unchanged");
    });

    await scenario("8 an unsaved buffer: reviewed as a diff, edited in the editor and left unsaved, undone with Ctrl+Z", async () => {
      await clearToasts();
      const file = "draft-app/fly.toml";
      const disk = fileBytes(file);
      await openFile(file, "draft-app");
      // an unsaved edit of the user's own
      await page.locator(".editor-instance .view-line", { hasText: 'primary_region = "ams"' }).first().click();
      await page.keyboard.press("End");
      await page.keyboard.type(" # my unsaved note");
      await page.locator(".tab.active.dirty").first().waitFor({ state: "visible" });
      // from the palette: the picker offers the active editor's app first
      await palette("Fly: Make app private");
      const picker = await quickInput("Which app");
      const first = await picker.locator(".quick-input-list .monaco-list-row").first().innerText();
      assert(first.includes("draft-app") && first.includes("active editor"), `the active editor's app comes first: ${first}`);
      await page.keyboard.press("Enter");
      await confirmDialog(
        ["Make draft-app private?", "draft-app/fly.toml (it has unsaved changes: it is edited in the editor and left unsaved)"],
        "Review file changes",
      );
      // the diff shows the buffer as it is (the unsaved note included) against what it becomes
      const diff = page.locator(".editor-instance .monaco-diff-editor").first();
      await diff
        .locator(".view-lines", { hasText: "force_https = false # keep this comment" })
        .first()
        .waitFor({ state: "visible", timeout: 15000 });
      await diff.locator(".view-lines", { hasText: "# my unsaved note" }).first().waitFor({ state: "visible" });
      await shot("8-review");
      const ask = page.locator(".notification-toast", { hasText: /Make [a-z-]+ private with these changes/ }).first();
      await ask.locator(".monaco-button", { hasText: "Make private" }).first().click();
      await page.locator(".notification-toast", { hasText: "draft-app is private" }).first().waitFor({ state: "visible", timeout: 30000 });
      const toast = await page.locator(".notification-toast", { hasText: "draft-app is private" }).first().innerText();
      assert(toast.includes("not saved"), `the summary says the file is not saved: ${toast}`);
      await page
        .locator(".editor-instance .view-lines", { hasText: "force_https = false # keep this comment" })
        .waitFor({ state: "visible" });
      assert((await editorText()).includes("# my unsaved note"), "the user's own edit is still there");
      await page.locator(".tab.active.dirty").first().waitFor({ state: "visible" });
      assert(fileBytes(file) === disk, "the file on disk is untouched: the buffer was not saved");
      await shot("8-unsaved");
      await page.locator(".editor-instance .view-line", { hasText: "internal_port" }).first().click();
      await page.keyboard.press("Control+Z");
      await page
        .locator(".editor-instance .view-lines", { hasText: "force_https = true # keep this comment" })
        .waitFor({ state: "visible", timeout: 10000 });
    });

    await scenario("9 two config files of one app: one node, both in the plan, both fixed", async () => {
      await clearToasts();
      await focusIpView();
      const row = await treeRow("twoconf-app");
      const text = await row.innerText();
      assert(text.includes("twoconf-app/fly.toml") && text.includes("twoconf-app/fly.staging.toml"), `one node naming both files: ${text}`);
      assert(
        (await ipPane()
          .locator(".monaco-list-row", { has: page.locator(".label-name", { hasText: /^twoconf-app$/ }) })
          .count()) === 1,
        "one node per app",
      );
      // wait until the view is done asking (a load may still be running), then refresh once and count
      await quiet();
      const listsBefore = (flyState().calls ?? []).length;
      await palette("Fly: Refresh (addresses, Machines, volumes, secrets)");
      await page.waitForTimeout(500);
      await quiet();
      const lists = (flyState().calls ?? [])
        .slice(listsBefore)
        .filter((c) => c[1] === "list" && c.includes("twoconf-app"))
        .map((c) => c[0])
        .sort()
        .join(",");
      assert(lists === "ips,machines,secrets,volumes", `flyctl is asked once per app and part, not once per file (${lists})`);
      await contextMenu(await treeRow("twoconf-app"), "Make app private");
      await confirmDialog(["twoconf-app/fly.toml:", "twoconf-app/fly.staging.toml:", "Set force_https = false"], "Make private");
      await page
        .locator(".notification-toast", { hasText: "twoconf-app is private" })
        .first()
        .waitFor({ state: "visible", timeout: 30000 });
      for (const f of ["twoconf-app/fly.toml", "twoconf-app/fly.staging.toml"])
        assert(/force_https = false/.test(fileBytes(f)) && !/force_https = true/.test(fileBytes(f)), `${f} is fixed`);
      assert(fileBytes("twoconf-app/fly.staging.toml").startsWith("# staging runs the same app"), "its comment stays");
      await shot("9-two-files");
    });

    await scenario("10 an answer that is not JSON", async () => {
      setFlyState({ mode: "garbage" });
      await palette("Fly: Refresh (addresses, Machines, volumes, secrets)");
      await focusIpView();
      const row = page
        .locator(".monaco-list-row", { hasText: "flyctl's answer was not valid JSON (details in the fly.toml output channel)" })
        .first();
      await row.waitFor({ state: "visible", timeout: 20000 });
      assert(!(await page.locator(".pane-body").first().innerText()).includes("502 Bad Gateway"), "the raw answer is not in the view");
      await shot("10-not-json");
      setFlyState({ mode: undefined });
      await palette("Fly: Refresh (addresses, Machines, volumes, secrets)");
      await treeRow("fdaa:0:33:0:1::a");
    });

    await scenario(
      "12 the app, live: a stopped Machine started from the view, the row turns started, and autostop stops it again in view",
      async () => {
        await clearToasts();
        await page.keyboard.press("Escape");
        await focusIpView();
        await quiet();
        await treeRow("machines-app");
        await page
          .locator(".monaco-list-row", { hasText: "2 Machines: 1 started, 1 stopped" })
          .first()
          .waitFor({ state: "visible", timeout: 20000 });
        const stopped = await treeRow("quiet-river-88");
        assert((await stopped.innerText()).includes("stopped"), `the row says stopped: ${await stopped.innerText()}`);
        // its health checks: a count on the row, the checks under it (opened), the output on the row
        const checked = await treeRow("billowing-sun-4321");
        assert((await checked.innerText()).includes("1/2 passing, 1 critical"), `the row counts its checks: ${await checked.innerText()}`);
        await page.locator(".monaco-list-row", { hasText: "1 failing a check" }).first().waitFor({ state: "visible", timeout: 10000 });
        await checked.locator(".monaco-tl-twistie").first().click();
        const check = await treeRow("servicecheck-00-http-8080");
        assert(/critical.*connection refused/.test(await check.innerText()), `the check row: ${await check.innerText()}`);
        await shot("12-checks");
        await checked.locator(".monaco-tl-twistie").first().click();
        await check.waitFor({ state: "detached", timeout: 5000 });
        const vol = ipPane().locator(".monaco-list-row", { hasText: "attached to quiet-river-88" }).first();
        await vol.waitFor({ state: "visible", timeout: 10000 });
        // a wider sidebar for the picture (the README shows it)
        const sidebar = await page.locator(".part.sidebar").first().boundingBox();
        if (sidebar) {
          await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + 300);
          await page.mouse.down();
          await page.mouse.move(sidebar.x + 620, sidebar.y + 300, { steps: 5 });
          await page.mouse.up();
        }
        await (await treeRow("quiet-river-88")).scrollIntoViewIfNeeded();
        await shot("12-machines");
        // the view alone, for the README (docs/images/fly-apps-view.png is a copy)
        const view = await page.locator(".part.sidebar").first().boundingBox();
        const top = await (await treeRow("machines-app")).boundingBox();
        if (view && top)
          await page.screenshot({
            path: join(ARTIFACTS, "readme-fly-apps-view.png"),
            clip: { x: view.x, y: top.y - 3, width: view.width, height: 10 * top.height + 6 },
          });
        // Cancel (Escape) first: nothing runs
        const before = (flyState().calls ?? []).length;
        await contextMenu(await treeRow("quiet-river-88"), "Start Machine");
        await confirmDialog(["quiet-river-88", "machines-app", "9185e6ec3d2e68"], "Escape");
        await noToasts("Escape on the start confirmation");
        assert(!(flyState().calls ?? []).slice(before).some((c) => c[0] === "machine"), "Escape: no machine start ran");
        // the row's inline Start button this time
        const row = await treeRow("quiet-river-88");
        await row.hover();
        await row.locator('.action-label[aria-label^="Start Machine"]').first().click();
        await confirmDialog(["quiet-river-88", "machines-app"], "Start");
        const started = ipPane().locator(".monaco-list-row", { hasText: "quiet-river-88" }).filter({ hasText: "started" }).first();
        await started.waitFor({ state: "visible", timeout: 30000 });
        assert(flyState().apps["machines-app"].machines[1].state === "started", "the fake flyctl agrees");
        await page.locator(".monaco-list-row", { hasText: "2 Machines: 2 started" }).first().waitFor({ state: "visible", timeout: 10000 });
        await page
          .locator(".notification-toast", { hasText: "quiet-river-88 of machines-app is started." })
          .first()
          .waitFor({ state: "visible", timeout: 10000 });
        await shot("12-started");
        // autostop, watched: Fly Proxy stops the idle Machine, and with flyToml.live.refreshSeconds the view shows it
        // without anyone refreshing
        updateFlyState((s) => {
          s.apps["machines-app"].machines[1].autostopAfterMs = 3000;
        });
        const listsBefore = (flyState().calls ?? []).filter((c) => c[0] === "machines").length;
        writeSettings({ "flyToml.live.refreshSeconds": 10 });
        try {
          await ipPane()
            .locator(".monaco-list-row", { hasText: "quiet-river-88" })
            .filter({ hasText: "stopped" })
            .first()
            .waitFor({ state: "visible", timeout: 35000 });
          await page.locator(".monaco-list-row", { hasText: "2 Machines: 1 started, 1 stopped" }).first().waitFor({ state: "visible" });
          const lists = (flyState().calls ?? []).filter((c) => c[0] === "machines").length - listsBefore;
          assert(lists >= 1, `the Machines were listed again on their own (${lists} lists)`);
          await shot("12-autostopped");
        } finally {
          writeSettings({});
        }
      },
    );
    await scenario("14 Allocate a dedicated IPv4: billed, said first; Cancel allocates nothing, confirm allocates it", async () => {
      await clearToasts();
      await focusIpView();
      await quiet();
      const before = writeCalls().length;
      await contextMenu(await treeRow("twoconf-app"), "Allocate a dedicated IPv4");
      await confirmDialog(["twoconf-app", "billed monthly", "Allocate (billed)"], "Cancel");
      await noToasts("Cancel on the dedicated IPv4 confirmation");
      assert(writeCalls().length === before, "Cancel: no flyctl write");
      await contextMenu(await treeRow("twoconf-app"), "Allocate a dedicated IPv4");
      await confirmDialog(["twoconf-app", "billed monthly"], "Allocate (billed)");
      let v4 = [];
      for (let i = 0; i < 100 && !v4.length; i++) {
        await page.waitForTimeout(200);
        v4 = flyState().apps["twoconf-app"].ips.filter((x) => x.Type === "v4");
      }
      assert(v4.length === 1, `the fake flyctl has the dedicated IPv4: ${JSON.stringify(v4)}`);
      // the view lists it (the tree scrolls to the row)
      const row = await treeRow(v4[0].Address);
      assert((await row.innerText()).includes("public dedicated IPv4"), `the row says what it is: ${await row.innerText()}`);
      const call = writeCalls().at(-1);
      assert(
        JSON.stringify(call) === JSON.stringify(["ips", "allocate-v4", "--yes", "-a", "twoconf-app"]),
        `the call: ${JSON.stringify(call)}`,
      );
      await shot("14-dedicated-ipv4");
    });

    await scenario("13 a Dockerfile mistake: shown on internal_port in fly.toml, with the Dockerfile line as related", async () => {
      // written now, not at the start, so the other scenarios' tree keeps its length (a longer one scrolls)
      mkdirSync(join(ws, "docker-app"), { recursive: true });
      writeFileSync(
        join(ws, "docker-app", "Dockerfile"),
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n# uvicorn listens on its defaults, 127.0.0.1:8000\nCMD ["uvicorn", "main:app"]\n',
      );
      writeFileSync(
        join(ws, "docker-app", "fly.toml"),
        'app = "docker-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = false\n',
      );
      await openFile("docker-app/fly.toml", "internal_port");
      const panel = await problemsPanel();
      for (const code of ["app-binds-loopback", "app-port-differs"])
        await panel.locator(".monaco-list-row", { hasText: code }).first().waitFor({ state: "visible", timeout: 30000 });
      const row = panel.locator(".monaco-list-row", { hasText: "app-port-differs" }).first();
      const text = await row.innerText();
      assert(/Ln 5, Col 19/.test(text), `on internal_port's value (line 5): ${text}`);
      assert(text.includes("Dockerfile line 5"), `the message names the Dockerfile line: ${text}`);
      // the related location is a row of its own under the problem, naming the Dockerfile
      const related = panel.locator(".monaco-list-row", { hasText: "uvicorn listens on 127.0.0.1 here" }).first();
      await related.waitFor({ state: "visible", timeout: 10000 });
      assert((await related.innerText()).includes("Dockerfile"), `the related row names the file: ${await related.innerText()}`);
      await shot("13-dockerfile");
      // it leads to the Dockerfile's line
      await related.click();
      await page.locator(".monaco-editor .view-lines", { hasText: 'CMD ["uvicorn", "main:app"]' }).first().waitFor({ state: "visible" });
      const tab = await page.locator(".tabs-container .tab.active").first().innerText();
      assert(tab.includes("Dockerfile"), `the Dockerfile is open: ${tab}`);
    });

    await scenario(
      "16 secrets: Move to Fly secrets from the quick fix, planned first (Cancel runs nothing), then the Secrets part",
      async () => {
        const SECRET = "sk_live_51H8abcdefghijklmnopqrstu";
        mkdirSync(join(ws, "secret-app"), { recursive: true });
        writeFileSync(
          join(ws, "secret-app", "fly.toml"),
          `app = "secret-app"\n\n[env]\n  LOG_LEVEL = "info"\n  STRIPE_KEY = "${SECRET}"\n`,
        );
        await openFile("secret-app/fly.toml", "STRIPE_KEY");
        const panel = await problemsPanel();
        await panel.locator(".monaco-list-row", { hasText: "env-secret-like" }).first().waitFor({ state: "visible", timeout: 30000 });
        const moveFromQuickFix = async () => {
          await page
            .locator(".editor-instance .view-line span", { hasText: /^STRIPE_KEY$/ })
            .first()
            .click();
          await page.keyboard.press("Control+.");
          const fix = page.locator(".action-widget .monaco-list-row", { hasText: "Move STRIPE_KEY to Fly secrets" }).first();
          await fix.waitFor({ state: "visible" });
          await fix.click({ force: true });
        };
        const secretCalls = () => (flyState().calls ?? []).filter((c) => c[0] === "secrets" && c[1] === "set");
        await moveFromQuickFix();
        const plan = await confirmDialog(["Move 1 secret of secret-app to Fly secrets?", "STRIPE_KEY", "staged", "line 5"], "Cancel");
        assert(!plan.includes(SECRET), "the plan never shows the value");
        await page.waitForTimeout(500);
        assert(secretCalls().length === 0, "Cancel: flyctl never ran");
        assert(readFileSync(join(ws, "secret-app", "fly.toml"), "utf8").includes(SECRET), "Cancel: the file is as it was");
        await moveFromQuickFix();
        await confirmDialog(["STRIPE_KEY"], "Move to Fly secrets");
        await page
          .locator(".notification-toast", { hasText: "Set STRIPE_KEY as Fly secrets of secret-app" })
          .first()
          .waitFor({ state: "visible", timeout: 20000 });
        assert(
          JSON.stringify(secretCalls()) === JSON.stringify([["secrets", "set", "--stage", "STRIPE_KEY=-", "-a", "secret-app"]]),
          `one call, the value on stdin: ${JSON.stringify(secretCalls())}`,
        );
        assert(!readFileSync(stateFile, "utf8").includes(SECRET), "the fake's state and log never hold the value");
        assert(!(await editorText()).includes("STRIPE_KEY"), "its line is gone from the buffer");
        // the Secrets part: the app's secrets by name, where they are, never a value
        await focusIpView();
        await quiet();
        await treeRow("secret-app");
        const section = ipPane()
          .locator(".monaco-list-row", { hasText: /^Secrets\s*2/ })
          .first();
        await section.waitFor({ state: "visible", timeout: 20000 });
        await section.locator(".monaco-tl-twistie").first().click();
        const staged = await treeRow("STRIPE_KEY");
        assert((await staged.innerText()).includes("staged"), `the row says staged: ${await staged.innerText()}`);
        assert((await (await treeRow("DATABASE_URL")).innerText()).includes("deployed"), "the deployed secret is listed");
        await shot("16-secrets");
      },
    );

    await scenario(
      "18 from an empty folder to a private app with Machines: every dialog, Escape or Cancel at each step runs nothing",
      async () => {
        await clearToasts();
        mkdirSync(join(ws, "new-app"), { recursive: true });
        const launchOrDeploy = () => (flyState().calls ?? []).filter((c) => c[0] === "launch" || c[0] === "deploy");
        const nothingRan = async (step) => {
          await page.waitForTimeout(500);
          assert(launchOrDeploy().length === 0, `${step}: flyctl ran ${JSON.stringify(launchOrDeploy())}`);
          assert(readdirSync(join(ws, "new-app")).length === 0, `${step}: the folder is no longer empty`);
          await noToasts(step);
        };
        const pickRow = async (placeholder, text) => {
          await quickInput(placeholder);
          await page.keyboard.type(text);
          await page.locator(".quick-input-list .monaco-list-row", { hasText: text }).first().waitFor({ state: "visible" });
          await page.keyboard.press("Enter");
        };
        const upTo = async (step) => {
          await palette("Fly: Launch a private app here");
          if (step === "folder") return;
          await pickRow("Launch a private app in which folder", "new-app");
          await quickInput("Name of the new private app");
          if (step === "name") return;
          // flyctl's own check, as it is typed
          await page.keyboard.type("New_API");
          await page
            .locator(".quick-input-widget", { hasText: "app name must consist of only lowercase letters, numbers, and dashes" })
            .first()
            .waitFor({ state: "visible" });
          await page.keyboard.press("Control+A");
          await page.keyboard.type("new-api");
          await page.keyboard.press("Enter");
          await quickInput("Which organization does new-api belong to");
          if (step === "org") return;
          await pickRow("Which organization", "acme");
          await quickInput("Which primary region for new-api");
          if (step === "region") return;
          await pickRow("Which primary region", "fra");
        };
        for (const step of ["folder", "name", "org", "region"]) {
          await upTo(step);
          await page.keyboard.press("Escape");
          await nothingRan(`Escape at the ${step}`);
        }
        await upTo("plan");
        const line =
          `'${flyctl}' launch --name new-api --force-name --org acme --region fra --flycast --no-deploy --yes --no-db --no-redis ` +
          "--no-object-storage --no-github-workflow";
        await confirmDialog(["Launch new-api as a private app?", line, "deploy nothing yet"], "Cancel");
        await nothingRan("Cancel at the plan");
        await upTo("plan");
        await confirmDialog(["Launch new-api as a private app?"], "Launch");
        // launched: the task's terminal, fly.toml open, then the changes a private app needs, planned first
        await page
          .locator(".monaco-editor .view-lines", { hasText: "app = 'new-api'" })
          .first()
          .waitFor({ state: "visible", timeout: 30000 });
        assert(flyState().apps["new-api"]?.org === "acme", "the app was created in acme");
        await confirmDialog(["Make new-api's config ready for a private app?", "Set force_https = false"], "Apply the changes");
        await page.locator(".notification-toast", { hasText: "for a private app" }).first().waitFor({ state: "visible", timeout: 15000 });
        assert(fileBytes("new-app/fly.toml").includes("force_https = false"), `the fix is made:\n${fileBytes("new-app/fly.toml")}`);
        await shot("18-launched");

        // Deploy from the app's row: a first deploy of an app launched private carries --flycast; Escape runs nothing
        await clearToasts();
        await focusIpView();
        await contextMenu(await treeRow("new-api"), "Deploy");
        await confirmDialog(
          ["Deploy new-api privately?", `'${flyctl}' deploy --flycast`, "a plain fly deploy allocates public addresses"],
          "Escape",
        );
        await page.waitForTimeout(500);
        assert(!launchOrDeploy().some((c) => c[0] === "deploy"), "Escape at the deploy plan: no deploy");
        setFlyState({ slowDeploy: 3000 });
        await contextMenu(await treeRow("new-api"), "Deploy");
        await confirmDialog(["Deploy new-api privately?"], "Deploy privately (--flycast)");
        await ipPane().locator(".monaco-list-row", { hasText: "deploying…" }).first().waitFor({ state: "visible", timeout: 15000 });
        await shot("18-deploying");
        await page
          .locator(".notification-toast", { hasText: "Deployed new-api: reach it at http://new-api.flycast" })
          .first()
          .waitFor({ state: "visible", timeout: 60000 });
        setFlyState({ slowDeploy: 0 });
        const app = flyState().apps["new-api"];
        assert(
          app.ips.length === 1 && app.ips[0].Type === "private_v6" && !app.sharedV4,
          `only a Flycast address: ${JSON.stringify(app.ips)}`,
        );
        assert(app.machines.length === 2, `the Machines were created: ${app.machines.length}`);
        const deploys = launchOrDeploy().filter((c) => c[0] === "deploy");
        assert(
          JSON.stringify(deploys) === JSON.stringify([["deploy", "--flycast"]]),
          `one deploy, with --flycast: ${JSON.stringify(deploys)}`,
        );
        // the view read the app again: private, with its Machines
        await quiet();
        const row = await treeRow("new-api");
        await ipPane()
          .locator(".monaco-list-row", { hasText: /new-api.*private.*2 started/ })
          .first()
          .waitFor({ state: "visible", timeout: 20000 });
        await shot("18-deployed");
        assert(!(await row.innerText()).includes("deploying"), "the row no longer says deploying");
      },
    );
  } finally {
    await browser.close().catch(() => undefined);
    try {
      process.kill(-cs.proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (!only || only.has("11")) await coexistence();
  if (!process.env.E2E_KEEP) rmSync(T, { recursive: true, force: true });
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

/** Scenario 11, in a second VS Code with a stand-in for Even Better TOML (same extension id) installed. */
async function coexistence() {
  const standin = join(T, "even-better-toml.vsix");
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "@vscode", "vsce", "vsce"), "package", "--allow-missing-repository", "--skip-license", "-o", standin],
    { cwd: join(root, "test", "e2e", "even-better-toml-standin"), stdio: "pipe" },
  );
  writeFileSync(
    join(ws, "private-api", "fly.toml"),
    'app = "private-api"\nbroken = \nkill_signal = "TERM"\n\n[http_service]\n  interal_port = 8080\n  auto_start_machines = "yes"\n',
  );
  const port = await freePort();
  const cs = await startCodeServer(port, [standin]);
  const browser = await openWorkbench(port);
  try {
    await scenario("11 with Even Better TOML: no duplicate syntax errors, every fly.toml rule kept, and the schema offer", async () => {
      await openFile("private-api/fly.toml", "kill_signal");
      const panel = await problemsPanel();
      await panel.locator(".monaco-list-row", { hasText: "kill-signal-invalid" }).first().waitFor({ state: "visible", timeout: 30000 });
      const syntax = await panel.locator(".monaco-list-row", { hasText: "toml-syntax" }).count();
      assert(syntax === 0, "fly-toml leaves syntax errors to Even Better TOML");
      // only those: the typo and the wrong type are still fly-toml's to report
      for (const code of ["unknown-key", "wrong-type"])
        await panel.locator(".monaco-list-row", { hasText: code }).first().waitFor({ state: "visible", timeout: 10000 });
      assert(
        (await panel.locator(".monaco-list-row", { hasText: "interal_port" }).count()) > 0,
        "the typo interal_port is reported alongside Even Better TOML",
      );
      const toast = page.locator(".notification-toast", { hasText: "Even Better TOML checks fly.toml" }).first();
      await toast.waitFor({ state: "visible", timeout: 30000 });
      await shot("11-offer");
      await toast.locator(".monaco-button", { hasText: "Use fly-toml's schema" }).first().click();
      let settings = "";
      for (let i = 0; i < 50 && !settings.includes("evenBetterToml.schema.associations"); i++) {
        await page.waitForTimeout(200);
        settings = readFileSync(settingsFile, "utf8");
      }
      assert(
        /"evenBetterToml\.schema\.associations"[\s\S]*fly\(\\\\\.\[\^\/\]\*\)\?\\\\\.toml\$[\s\S]*schemas\/fly\.schema\.json/.test(
          settings,
        ),
        `the association points at our schema:\n${settings}`,
      );
    });
  } finally {
    await browser.close().catch(() => undefined);
    try {
      process.kill(-cs.proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

await main().catch((e) => {
  console.error(e);
  console.log(`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exitCode = 1;
});
