// End-to-end: the packaged .vsix in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven through
// Debian's chromium with playwright-core like a person would, with the fake flyctl as flyToml.flyctlPath.
// Prints "N passed, N failed" and exits non-zero on any failure. Screenshots go to test/e2e/artifacts/.
import { spawn, execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

const ip = (ID, Address, Type) => ({ ID, Address, Type, Region: "global", CreatedAt: "2026-03-21T10:00:00Z", Network: Type === "private_v6" ? { Name: "", Organization: { Slug: "personal" } } : null });
const FILES = {
  "private-api/fly.toml": 'app = "private-api"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n  auto_stop_machines = "stop"\n  auto_start_machines = true\n  min_machines_running = 0\n  [http_service.concurrency]\n    type = "requests"\n    soft_limit = 20\n    hard_limit = 25\n',
  "mixed-app/fly.toml": 'app = "mixed-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = false\n  [http_service.concurrency]\n    type = "requests"\n',
  "public-app/fly.toml": '# launched with fly launch\napp = "public-app"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 3000\n  force_https = true\n  auto_stop_machines = "stop"\n  auto_start_machines = false\n  min_machines_running = 0\n',
  "snippet-app/fly.toml": 'app = "snippet-app"\nprimary_region = "ams"\n\n',
  "format-app/fly.toml": 'app="format-app"   # formatted by the test\nprimary_region="ams"\n[http_service]\ninternal_port=8080\nforce_https=false\n[http_service.concurrency]\ntype="requests"\nsoft_limit=20\nhard_limit=25\n',
};

function setup() {
  for (const [p, text] of Object.entries(FILES)) {
    mkdirSync(join(ws, p, ".."), { recursive: true });
    writeFileSync(join(ws, p), text);
  }
  mkdirSync(join(T, "bin"), { recursive: true });
  copyFileSync(join(root, "test", "fake-flyctl", "flyctl"), flyctl);
  chmodSync(flyctl, 0o755);
  writeFileSync(stateFile, JSON.stringify({
    loggedIn: true,
    orgs: ["personal"],
    apps: {
      "private-api": { org: "personal", ips: [ip("ip_a", "fdaa:0:33:0:1::a", "private_v6")] },
      "mixed-app": { org: "personal", ips: [ip("ip_b", "fdaa:0:33:0:1::b", "private_v6"), ip("ip_c", "2a09:8280:1::c:c0", "v6")], sharedV4: "66.241.125.10" },
      "public-app": { org: "personal", ips: [ip("ip_d", "2a09:8280:1::d:c0", "v6")], sharedV4: "66.241.125.11" },
      "snippet-app": { org: "personal", ips: [ip("ip_e", "fdaa:0:33:0:1::e", "private_v6")] },
      "format-app": { org: "personal", ips: [ip("ip_f", "fdaa:0:33:0:1::f", "private_v6")] },
    },
  }, null, 2));
  mkdirSync(join(T, "user-data", "User"), { recursive: true });
  writeSettings({});
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}

function writeSettings(extra) {
  mkdirSync(join(T, "user-data", "Machine"), { recursive: true });
  writeFileSync(join(T, "user-data", "Machine", "settings.json"), JSON.stringify({ "flyToml.flyctlPath": flyctl, ...extra }, null, 2));
  writeFileSync(settingsFile, JSON.stringify({
    "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoUpdate": false, "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true, "workbench.enableExperiments": false, "workbench.startupEditor": "none",
    "workbench.tips.enabled": false, "security.workspace.trust.enabled": false, "chat.commandCenter.enabled": false,
    "git.enabled": false, "editor.formatOnSave": false, "files.autoSave": "off", "workbench.editor.enablePreview": false,
    "editor.hover.delay": 100, "terminal.integrated.gpuAcceleration": "off", "flyToml.flyctlPath": flyctl, ...extra,
  }, null, 2));
}

const flyState = () => JSON.parse(readFileSync(stateFile, "utf8"));
const setFlyState = (patch) => writeFileSync(stateFile, JSON.stringify({ ...flyState(), ...patch }, null, 2));

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
  const env = { ...process.env, TMPDIR: T, XDG_CACHE_HOME: T, XDG_CONFIG_HOME: T, FAKE_FLYCTL_STATE: stateFile };
  const common = ["--config", join(T, "config.yaml"), "--user-data-dir", join(T, "user-data"), "--extensions-dir", join(T, "extensions")];
  for (const vsix of [VSIX, ...extra]) execFileSync(CS, ["--install-extension", vsix, ...common], { env, stdio: "pipe" });
  const proc = spawn(CS, ["--bind-addr", `127.0.0.1:${port}`, "--auth", "none", ...common, "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", "--disable-proxy", "--ignore-last-opened", ws], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
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
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
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
  await page.locator(".quick-input-list .monaco-list-row", { hasText: relative.split("/")[0] }).first().waitFor({ state: "visible" });
  await input.press("Enter");
  await page.locator(".monaco-editor .view-lines", { hasText: expectText }).first().waitFor({ state: "visible", timeout: 15000 });
}

/** The text of the visible editor, line by line (Monaco renders spaces as nbsp). */
async function editorText() {
  const lines = await page.locator(".editor-instance .monaco-editor .view-lines .view-line").evaluateAll((els) =>
    els.map((e) => ({ top: parseFloat(e.style.top), text: e.textContent.replace(/\u00a0/g, " ") })).sort((a, b) => a.top - b.top).map((x) => x.text),
  );
  return lines.join("\n");
}

async function problemsPanel() {
  await page.keyboard.press("Control+Shift+M");
  const panel = page.locator(".markers-panel");
  await panel.waitFor({ state: "visible" });
  return panel;
}

async function treeRow(label) {
  const row = page.locator(".monaco-list-row", { has: page.locator(".label-name", { hasText: label }) }).first();
  await row.waitFor({ state: "visible", timeout: 20000 });
  return row;
}

async function focusIpView() {
  await page.keyboard.press("Control+Shift+E");
  const header = page.locator(".pane-header", { hasText: /Fly IPs/i }).first();
  await header.waitFor({ state: "visible" });
  if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  // the tree is a virtual list: rows below the fold are not rendered, so give the view the sidebar's height
  const folders = page.locator(".pane-header[aria-expanded='true']", { hasText: "ws" }).first();
  if (await folders.count()) await folders.click();
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
  await dialog.locator(".monaco-button", { hasText: button }).first().click();
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
    console.log(`FAIL ${name}: ${e.message}`);
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
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "private-api" }).first().waitFor({ state: "visible", timeout: 60000 });

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
      await page.locator(".editor-instance .view-line span", { hasText: /^true$/ }).first().click();
      await page.keyboard.press("Control+.");
      const fix = page.locator(".action-widget .monaco-list-row", { hasText: "force_https = false" }).first();
      await fix.waitFor({ state: "visible" });
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
      assert(state.ips.length === 1 && state.ips[0].Type === "private_v6" && !state.sharedV4, `the fake flyctl agrees: ${JSON.stringify(state)}`);
      await shot("2-after");
    });

    await scenario("3 make a public app private", async () => {
      await focusIpView();
      const app = await treeRow("public-app");
      await contextMenu(app, "Make app private");
      await confirmDialog(["public-app", "2a09:8280:1::d:c0", "66.241.125.11"], "Release");
      const toast = page.locator(".notification-toast", { hasText: "public-app is private" }).first();
      await toast.waitFor({ state: "visible", timeout: 30000 });
      assert((await toast.innerText()).includes("fly deploy"), "the deploy hint");
      await toast.locator(".monaco-button", { hasText: "Run fly deploy" }).first().waitFor({ state: "visible" });
      const state = flyState().apps["public-app"];
      assert(state.ips.length === 1 && state.ips[0].Type === "private_v6" && !state.sharedV4, `only a Flycast address is left: ${JSON.stringify(state)}`);
      const file = readFileSync(join(ws, "public-app", "fly.toml"), "utf8");
      assert(/force_https = false/.test(file) && /auto_start_machines = true/.test(file) && file.startsWith("# launched with fly launch"), `fly.toml is fixed:\n${file}`);
      await shot("3-private");
      await toast.locator(".monaco-button", { hasText: "Run fly deploy" }).first().click();
      await page.locator(".terminal-wrapper, .xterm").first().waitFor({ state: "visible", timeout: 20000 });
      await page.locator(".xterm-rows", { hasText: `'${flyctl}' deploy` }).first().waitFor({ state: "visible", timeout: 20000 });
      await shot("3-deploy-terminal");
    });

    await scenario("4 flyctl missing, then not logged in", async () => {
      await setFlyctlPathInSettingsUi(join(T, "no-such-flyctl"));
      await focusIpView();
      await page.locator(".monaco-list-row", { hasText: "not an executable file" }).first().waitFor({ state: "visible", timeout: 20000 }).catch(async (e) => {
        throw new Error(`${e.message}\nrows: ${(await page.locator(".pane-body .monaco-list-row").allInnerTexts()).join(" | ")}`);
      });
      await page.locator(".monaco-list-row", { hasText: "Set the flyctl path" }).first().waitFor({ state: "visible" });
      await page.locator(".monaco-list-row", { hasText: "Install flyctl" }).first().waitFor({ state: "visible" });
      await shot("4-missing");
      setFlyState({ loggedIn: false });
      await setFlyctlPathInSettingsUi(flyctl);
      await focusIpView();
      await page.locator(".monaco-list-row", { hasText: "not logged in" }).first().waitFor({ state: "visible", timeout: 20000 });
      const login = page.locator(".monaco-list-row", { hasText: "flyctl auth login" }).first();
      await login.waitFor({ state: "visible" });
      await shot("4-not-logged-in");
      setFlyState({ loggedIn: true });
      await palette("Fly: Refresh IP addresses");
      await treeRow("fdaa:0:33:0:1::a");
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
      assert(text.includes("[http_service]") && text.includes('auto_stop_machines = "stop"') && text.includes("[http_service.concurrency]"), `the block is inserted:\n${text}`);
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
      assert(text.includes('  internal_port = 8080') && text.includes('    type = "requests"') && text.includes("# formatted by the test"), `formatted in flyctl's layout, comment kept:\n${text}`);
      await page.waitForTimeout(1000);
      const squiggles = await page.locator(".editor-instance .squiggly-error, .editor-instance .squiggly-warning").count();
      assert(squiggles === 0, `no problems after formatting (${squiggles})`);
      await shot("6-formatted");
    });
  } finally {
    await browser.close().catch(() => undefined);
    try {
      process.kill(-cs.proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (!only || only.has("7")) await coexistence();
  if (!process.env.E2E_KEEP) rmSync(T, { recursive: true, force: true });
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

/** Scenario 7, in a second VS Code with a stand-in for Even Better TOML (same extension id) installed. */
async function coexistence() {
  const standin = join(T, "even-better-toml.vsix");
  execFileSync(process.execPath, [join(root, "node_modules", "@vscode", "vsce", "vsce"), "package", "--allow-missing-repository", "--skip-license", "-o", standin], { cwd: join(root, "test", "e2e", "even-better-toml-standin"), stdio: "pipe" });
  writeFileSync(join(ws, "private-api", "fly.toml"), 'app = "private-api"\nbroken = \nkill_signal = "TERM"\n');
  const port = await freePort();
  const cs = await startCodeServer(port, [standin]);
  const browser = await openWorkbench(port);
  try {
    await scenario("7 with Even Better TOML: no duplicate syntax errors, and the schema offer", async () => {
      await openFile("private-api/fly.toml", "kill_signal");
      const panel = await problemsPanel();
      await panel.locator(".monaco-list-row", { hasText: "kill-signal-invalid" }).first().waitFor({ state: "visible", timeout: 30000 });
      const syntax = await panel.locator(".monaco-list-row", { hasText: "toml-syntax" }).count();
      assert(syntax === 0, "fly-toml leaves syntax errors to Even Better TOML");
      const toast = page.locator(".notification-toast", { hasText: "Even Better TOML checks fly.toml" }).first();
      await toast.waitFor({ state: "visible", timeout: 30000 });
      await shot("7-offer");
      await toast.locator(".monaco-button", { hasText: "Use fly-toml's schema" }).first().click();
      let settings = "";
      for (let i = 0; i < 50 && !settings.includes("evenBetterToml.schema.associations"); i++) {
        await page.waitForTimeout(200);
        settings = readFileSync(settingsFile, "utf8");
      }
      assert(/"evenBetterToml\.schema\.associations"[\s\S]*fly\(\\\\\.\[\^\/\]\*\)\?\\\\\.toml\$[\s\S]*schemas\/fly\.schema\.json/.test(settings), `the association points at our schema:\n${settings}`);
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
